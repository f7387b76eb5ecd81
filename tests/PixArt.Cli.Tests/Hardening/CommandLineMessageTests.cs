namespace PixArt.Cli.Tests.Hardening;

/// <summary>
/// Issue 9, item 7: command-line problems talk to users (the battery checks every bad input for one line, the flag and exit 2);
/// here the help: named pixart, with defaults; the exit code of an unusable runtime.
/// </summary>
[Collection("cli")]
public sealed class CommandLineMessageTests
{
    [Fact]
    public void HelpIsNamedPixartAndShowsDefaults()
    {
        var (code, output, _) = PixArtCli.Run("generate", "--help");
        Assert.Equal(0, code);
        Assert.Contains("pixart generate [options]", output);
        Assert.DoesNotContain("PixArt.Cli", output);
        Assert.Contains("[default: PixArt:Sampler:Steps, else the sampler's own: dpm-solver 20", output);
        Assert.Contains("[default: PixArt:Generation:Output, pixart.png]", output);
        var root = PixArtCli.Run("--help");
        Assert.Contains("pixart [command] [options]", root.Out);
        Assert.Contains("docs/cli.md", root.Out);
        var bench = PixArtCli.Run("bench", "denoiser", "--help");
        Assert.Contains("[default: 20 on CUDA, 3 on the CPU]", bench.Out);
    }

    [Fact]
    public void HelpIsAnsweredEvenWithABadValueBeforeIt()
    {
        var (code, output, error) = PixArtCli.Run("generate", "--steps", "abc", "--help");
        Assert.Equal(0, code);
        Assert.Contains("pixart generate [options]", output);
        Assert.Empty(error);
    }

    [Fact]
    public void AnOverlongNegativePromptIsCalledTheNegativePrompt()
    {
        var target = Path.Combine(Path.GetTempPath(), $"pixart-negative-{Guid.NewGuid():N}.png");
        try
        {
            var negative = string.Join(" ", Enumerable.Repeat("blurry ugly deformed low quality", 60));
            var (code, output, error) = PixArtCli.Run("generate", "-p", "a cat", "--negative-prompt", negative, "--steps", "1", "--out", target);
            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            // Named by its text, not as "prompt 0" (its index when encoded alone).
            Assert.Contains("\"blurry ugly deformed low quality blurry …\" is longer than 120 tokens and was truncated", error);
            Assert.DoesNotContain("prompt 0", error);
            Assert.DoesNotContain("prompt 1", error);
        }
        finally
        {
            File.Delete(target);
        }
    }

    [Fact]
    public void AnUnusableDeviceExitsWithThree()
    {
        if (TorchSharp.torch.cuda.is_available()) return; // only meaningful where CUDA is absent
        var (code, _, error) = PixArtCli.Run("generate", "-p", "x", "--device", "cuda", "--out", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.png"));
        Assert.Equal(3, code);
        Assert.StartsWith("error: PixArt:Runtime:Device is 'cuda' but", error.Trim());
        Assert.Single(error.Trim().Split('\n'));
    }
}
