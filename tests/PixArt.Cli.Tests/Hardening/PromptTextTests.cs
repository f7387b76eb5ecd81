using PixArt.Hosting.Images;

namespace PixArt.Cli.Tests.Hardening;

/// <summary>
/// Issue 9, item 6: user text is never interpreted. A prompt starting with '@' is text (response files are off), prompts
/// starting with '-' or '--' pass as docs/cli.md says, and `pixart info` shows control characters instead of obeying them.
/// </summary>
[Collection("cli")]
public sealed class PromptTextTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pixart-prompts-").FullName;
    private readonly string _previous = Environment.CurrentDirectory;

    public void Dispose()
    {
        Environment.CurrentDirectory = _previous;
        Directory.Delete(_dir, recursive: true);
    }

    private string Prompt(params string[] promptArgs)
    {
        var target = Path.Combine(_dir, $"p-{Guid.NewGuid():N}.png");
        var (code, output, error) = PixArtCli.Run(["generate", .. promptArgs, "--steps", "1", "--seed", "1", "--out", target]);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        return PngImageWriter.ReadParameters(target).Single(p => p.Key == "prompt").Value;
    }

    [Fact]
    public void APromptStartingWithAtIsTextEvenWhenAFileOfThatNameHoldsOptions()
    {
        // "--prompt @x" used to read the file x as a response file: its contents, options included, replaced the argument.
        File.WriteAllText(Path.Combine(_dir, "x"), "--steps 1000\n--seed 5\n");
        Environment.CurrentDirectory = _dir;
        Assert.Equal("@x", Prompt("--prompt", "@x"));
        Assert.Equal("@nonexistent", Prompt("--prompt", "@nonexistent"));
    }

    [Theory]
    [InlineData("--prompt=-x", "-x")]
    [InlineData("--prompt=--y", "--y")]
    [InlineData("-p:-x", "-x")]
    [InlineData("--prompt=@x", "@x")]
    public void APromptStartingWithADashIsPassedAttachedToItsFlag(string argument, string prompt) => Assert.Equal(prompt, Prompt(argument));

    [Theory]
    [InlineData("-p", "--y")]
    [InlineData("-p", "-x")]
    [InlineData("--prompt", "--seed")] // the value of a flag that takes one, even when it looks like another flag
    public void APromptStartingWithADashIsTheValueOfTheFlagBeforeIt(string flag, string prompt) => Assert.Equal(prompt, Prompt(flag, prompt));

    [Fact]
    public void InfoShowsControlAndEscapeCharactersInsteadOfPrintingThem()
    {
        var png = Path.Combine(_dir, "evil.png");
        using (var pixels = TorchSharp.torch.zeros(3, 8, 8))
            File.WriteAllBytes(png, PngImageWriter.Encode(pixels, [
                new("prompt", "red \u001b[31mALERT\u001b[0m\nseed: 999\r\u0007bell \u202Eevil"),
                new("seed", "1"),
            ]));
        var (code, output, _) = PixArtCli.Run("info", png);
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202E', output);
        Assert.DoesNotContain('\r', output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, output); // an embedded newline cannot forge a line of its own
        Assert.Equal(@"prompt: red \e[31mALERT\e[0m\nseed: 999\r\u0007bell \u202Eevil", lines[0]);
        Assert.Equal("seed: 1", lines[1]);
    }
}
