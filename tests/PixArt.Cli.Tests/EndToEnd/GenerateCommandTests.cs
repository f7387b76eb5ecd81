using PixArt.Hosting.Images;
using SixLabors.ImageSharp;

namespace PixArt.Cli.Tests.EndToEnd;

[Collection("cli")]
public sealed class GenerateCommandTests : IDisposable
{
    private readonly TinyModelFolder _model = new();
    private readonly string _out = Path.Combine(Path.GetTempPath(), "pixart-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _model.Dispose();
        if (Directory.Exists(_out)) Directory.Delete(_out, true);
    }

    private static Dictionary<string, string> Info(string png) => PngImageWriter.ReadParameters(png).ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void GeneratesFromAHuggingFaceFolderWithParametersInThePng()
    {
        var target = Path.Combine(_out, "img.png");
        var (code, output, error) = PixArtCli.Run("generate", "--model", _model.Path, "--prompt", "a cat", "--prompt", "a dog",
            "--num-images", "2", "--seed", "3", "--steps", "4", "--guidance", "4.5", "--out", target);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");

        // Several images are named by seed (seeds 3, 4, 5, 6): the same rule as single runs and folders.
        var files = Enumerable.Range(3, 4).Select(seed => Path.Combine(_out, $"img-{seed}.png")).ToList();
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        Assert.Empty(Directory.GetFiles(_out, "*.partial"));
        var expected = new[] { ("a cat", "3"), ("a cat", "4"), ("a dog", "5"), ("a dog", "6") };
        for (var i = 0; i < 4; i++)
        {
            var info = Info(files[i]);
            Assert.Equal(expected[i].Item1, info["prompt"]);
            Assert.Equal(expected[i].Item2, info["seed"]);
            Assert.Equal("dpm-solver", info["sampler"]);
            Assert.Equal("4", info["steps"]);
            Assert.Equal("4.5", info["guidance"]);
            Assert.Equal(Path.GetFileName(_model.Path), info["model"]);
            using var image = Image.Load(files[i]);
            Assert.Equal((_model.NativeSize, _model.NativeSize), (image.Width, image.Height));
        }

        // `pixart info` prints the same parameters back.
        var (infoCode, infoOut, _) = PixArtCli.Run("info", files[2]);
        Assert.Equal(0, infoCode);
        Assert.Contains("prompt: a dog", infoOut);
        Assert.Contains("seed: 5", infoOut);
    }

    [Fact]
    public void AnImageIsReproducibleFromItsOwnSeed()
    {
        var batch = Path.Combine(_out, "batch.png");
        var single = Path.Combine(_out, "single.png");
        Assert.Equal(0, PixArtCli.Run("generate", "--model", _model.Path, "-p", "a cat", "-n", "2", "--seed", "10", "--steps", "3", "--out", batch).ExitCode);
        Assert.Equal(0, PixArtCli.Run("generate", "--model", _model.Path, "-p", "a cat", "--seed", "11", "--steps", "3", "--out", single).ExitCode);
        using var fromBatch = Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(Path.Combine(_out, "batch-11.png"));
        using var alone = Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(single);
        var maxDifference = 0;
        for (var y = 0; y < alone.Height; y++)
            for (var x = 0; x < alone.Width; x++)
            {
                var (a, b) = (fromBatch[x, y], alone[x, y]);
                maxDifference = Math.Max(maxDifference, Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B))));
            }
        Assert.True(maxDifference <= 2, $"image 1 of a seed-10 batch differs from a seed-11 single run by {maxDifference} levels");
    }

    [Fact]
    public void EmbeddedDefaultModelProducesAnImageWithoutAnyModelArgument()
    {
        var target = Path.Combine(_out, "default.png");
        var (code, output, error) = PixArtCli.Run("generate", "--prompt", "a lighthouse", "--seed", "1", "--steps", "2", "--out", target);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal("pixart-tiny-random", Info(target)["model"]);
        using var image = Image.Load(target);
        Assert.Equal((256, 256), (image.Width, image.Height));
    }

    [Fact]
    public void BrokenPluginTheConfigurationDoesNotUseIsOnlyAWarning()
    {
        var plugins = Path.Combine(_out, "plugins");
        Directory.CreateDirectory(Path.Combine(plugins, "Broken"));
        File.WriteAllText(Path.Combine(plugins, "Broken", "Broken.dll"), "not an assembly");
        var target = Path.Combine(_out, "ok.png");
        var (code, output, error) = PixArtCli.Run("generate", "--model", _model.Path, "--prompt", "x", "--steps", "1", "--out", target,
            "--set", $"PixArt:Plugins:Paths:0={plugins}");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains($"plugin {Path.Combine(plugins, "Broken", "Broken.dll")} not loaded: missing or corrupt assembly", error);
        Assert.True(File.Exists(target));
    }

    [Fact]
    public void OfficialCheckpointGuidesWithItsLearnedNullCaptionAndDiffusersFilesWithTheEmptyPrompt()
    {
        var diffusers = Path.Combine(_out, "diffusers.png");
        Assert.Equal(0, PixArtCli.Run("generate", "--model", _model.Path, "-p", "x", "--steps", "2", "--out", diffusers).ExitCode);
        Assert.Equal("negative-prompt", Info(diffusers)["unconditional"]);

        var forced = PixArtCli.Run("generate", "--model", _model.Path, "-p", "x", "--out", Path.Combine(_out, "forced.png"),
            "--set", "PixArt:Generation:Unconditional=learned-null");
        Assert.NotEqual(0, forced.ExitCode);
        Assert.Contains("carries no learned null caption", forced.Error);

        // Replace the diffusers weights by the official checkpoint of the same model (it carries y_embedding).
        var transformer = Path.Combine(_model.Path, "transformer");
        File.Delete(Path.Combine(transformer, "diffusion_pytorch_model.safetensors"));
        using (var golden = PixArt.Abstractions.Testing.Golden.GoldenData.Open("transformer_tiny"))
            File.Copy(Path.Combine(golden.Folder, "official.pth"), Path.Combine(transformer, "model.pth"));
        var official = Path.Combine(_out, "official.png");
        long tokens;
        using (var golden = PixArt.Abstractions.Testing.Golden.GoldenData.Open("transformer_tiny"))
        using (var nullCaption = golden.Tensor("official.y_embedder.y_embedding"))
            tokens = nullCaption.shape[0];

        // The tiny checkpoint's null caption is shorter than the encoder's 120 tokens: auto falls back to the empty prompt,
        // an explicit learned-null names the key to change.
        Assert.Equal(0, PixArtCli.Run("generate", "--model", _model.Path, "-p", "x", "--steps", "2", "--out", official).ExitCode);
        Assert.Equal("negative-prompt", Info(official)["unconditional"]);
        var mismatch = PixArtCli.Run("generate", "--model", _model.Path, "-p", "x", "--steps", "2", "--out", official, "--overwrite",
            "--set", "PixArt:Generation:Unconditional=learned-null");
        Assert.NotEqual(0, mismatch.ExitCode);
        Assert.Contains($"learned null caption has {tokens} tokens but the text encoder pads to 120 (PixArt:TextEncoder:MaxLength)", mismatch.Error);

        var (code, output, error) = PixArtCli.Run("generate", "--model", _model.Path, "-p", "x", "--steps", "2", "--out", official, "--overwrite",
            "--set", $"PixArt:TextEncoder:MaxLength={tokens}");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Equal("learned-null", Info(official)["unconditional"]);
    }

    [Fact]
    public void OverlongPromptIsTruncatedWithAWarning()
    {
        var target = Path.Combine(_out, "long.png");
        var prompt = string.Join(" ", Enumerable.Repeat("a very long description of a garden with flowers", 40));
        var (code, _, error) = PixArtCli.Run("generate", "--model", _model.Path, "--prompt", prompt, "--steps", "1", "--out", target);
        Assert.Equal(0, code);
        Assert.Contains("truncated", error);
        Assert.Equal("true", Info(target)["prompt_truncated"]);
    }

    [Theory]
    [InlineData(40, 24, false)] // exactly a bucket of the scaled table
    [InlineData(44, 24, true)]  // generated at the nearest bucket, then resized and cropped back
    public void MultiScaleModelBinsTheAspectRatioAndReturnsTheRequestedSize(int width, int height, bool binned)
    {
        using var model = new TinyModelFolder(multiScale: true);
        var target = Path.Combine(_out, "ms.png");
        var (code, output, error) = PixArtCli.Run("generate", "--model", model.Path, "--prompt", "a wide landscape", "--steps", "2",
            "--width", width.ToString(), "--height", height.ToString(), "--out", target);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        using var image = Image.Load(target);
        Assert.Equal((width, height), (image.Width, image.Height));
        var info = Info(target);
        Assert.Equal($"{width}x{height}", info["size"]);
        Assert.Equal(binned, info.ContainsKey("bucket"));
    }

    public static IEnumerable<object[]> BadInputs() => new[]
    {
        new object[] { new[] { "--steps", "0" }, "--steps = '0': must be between 1 and" },
        new object[] { new[] { "--sampler", "euler" }, "--sampler = 'euler': unknown sampler; loaded: ddim, dpm-solver, iddpm, lcm, sa-solver" },
        new object[] { new[] { "--width", "30" }, "--width = '30': must be 0 (native, " },
        new object[] { new[] { "--height", "-8" }, "--height = '-8': must be 0 (native, " },
        new object[] { new[] { "--num-images", "0" }, "--num-images = '0': must be between 1 and 64" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneLineWithTheAllowedValuesAndWritesNothing(string[] extra, string message)
    {
        var target = Path.Combine(_out, "bad.png");
        var args = new[] { "generate", "--model", _model.Path, "--prompt", "x", "--out", target }.Concat(extra).ToArray();
        var (code, output, error) = PixArtCli.Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(_out) && Directory.EnumerateFileSystemEntries(_out).Any(), "files were written");
        Assert.DoesNotContain("   at ", output + error);
    }

    [Fact]
    public void MissingModelFolderOrComponentIsNamed()
    {
        var missing = Path.Combine(_out, "nope");
        var (code, _, error) = PixArtCli.Run("generate", "--model", missing, "--prompt", "x", "--out", Path.Combine(_out, "a.png"));
        Assert.NotEqual(0, code);
        Assert.Contains($"--model = '{missing}': model folder not found", error);

        Directory.Delete(Path.Combine(_model.Path, "vae"), true);
        (code, _, error) = PixArtCli.Run("generate", "--model", _model.Path, "--prompt", "x", "--out", Path.Combine(_out, "a.png"));
        Assert.NotEqual(0, code);
        Assert.Contains("component folder missing (model_index.json names 'vae')", error);
        Assert.Single(error.Trim().Split('\n'));
    }
}
