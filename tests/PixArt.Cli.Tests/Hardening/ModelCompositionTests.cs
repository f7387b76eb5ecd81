using PixArt.Hosting.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Cli.Tests.Hardening;

/// <summary>
/// Issue 9, item 8: an overlay adds to the embedded model unless it names model components, and a folder written by
/// `convert` loads back with nothing but PixArt:Denoiser:Weights.
/// </summary>
[Collection("cli")]
public sealed class ModelCompositionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pixart-compose-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void AnOverlayThatOnlySetsSamplerStepsRunsOnTheEmbeddedModel()
    {
        File.WriteAllText(P("steps.json"), "{ \"PixArt\": { \"Sampler\": { \"Steps\": 3 } } }");
        var (code, output, error) = PixArtCli.Run("generate", "--config", P("steps.json"), "-p", "x", "--out", P("a.png"));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var info = PngImageWriter.ReadParameters(P("a.png")).ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("3", info["steps"]);
        Assert.Equal(EmbeddedDefaultModel.TinyRandomName, info["model"]); // the suites' default (TinyDefaultModel)
    }

    [Fact]
    public void AnOverlayNamingAModelComponentBringsItsOwnModel()
    {
        File.WriteAllText(P("codec.json"), "{ \"PixArt\": { \"Codec\": { \"Type\": \"identity\" } } }");
        var (code, _, error) = PixArtCli.Run("generate", "--config", P("codec.json"), "-p", "x", "--out", P("a.png"));
        Assert.Equal(2, code);
        Assert.Contains("PixArt:Denoiser:Type: a denoiser is required", error);
        Assert.False(File.Exists(P("a.png")));
    }

    [Theory]
    [InlineData("official")]
    [InlineData("native")]
    [InlineData("diffusers")]
    public void AConvertedFolderLoadsWithOnlyTheWeightsSetting(string layout)
    {
        // The embedded model's transformer, converted; then generated with the embedded model but these weights.
        var transformer = Path.Combine(EmbeddedDefaultModel.Shipped(EmbeddedDefaultModel.TinyRandomName), "transformer");
        var folder = P("converted");
        var converted = PixArtCli.Run("convert", "--in", transformer, "--out", folder, "--layout", layout);
        Assert.True(converted.ExitCode == 0, converted.Error);
        Assert.Contains("\"pixart_conditioning\"", File.ReadAllText(Path.Combine(folder, "config.json")));

        var reference = PixArtCli.Run("generate", "-p", "a fox", "--seed", "3", "--steps", "2", "--out", P("reference.png"));
        Assert.True(reference.ExitCode == 0, reference.Error);
        var (code, output, error) = PixArtCli.Run("generate", "-p", "a fox", "--seed", "3", "--steps", "2", "--out", P("converted.png"),
            "--set", $"PixArt:Denoiser:Weights={folder}");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        using var a = Image.Load<Rgb24>(P("reference.png"));
        using var b = Image.Load<Rgb24>(P("converted.png"));
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
                Assert.Equal(a[x, y], b[x, y]);
        // The image records the weights it was made with, not the embedded model's name.
        Assert.Equal(folder, PngImageWriter.ReadParameters(P("converted.png")).Single(p => p.Key == "model").Value);
    }

    [Fact]
    public void RecordedConditioningTypesAreDefaultsTheConfigurationCanStillOverride()
    {
        var folder = P("w");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"),
            "{ \"pixart_conditioning\": { \"TimestepConditioning\": \"adaln-zero\", \"TextConditioning\": \"class-label\" } }");
        var model = PixArt.Hosting.Configuration.ModelFolder.Read(EmbeddedDefaultModel.EnsureExists());
        var (configuration, _) = PixArt.Hosting.Configuration.PixArtConfiguration.Build(null, [new("PixArt:Denoiser:Weights", folder)], model);
        Assert.Equal("adaln-zero", configuration["PixArt:Denoiser:TimestepConditioning:Type"]);
        Assert.Equal("class-label", configuration["PixArt:Denoiser:TextConditioning:Type"]);
        var (overridden, _) = PixArt.Hosting.Configuration.PixArtConfiguration.Build(null,
            [new("PixArt:Denoiser:Weights", folder), new("PixArt:Denoiser:TimestepConditioning:Type", "adaln-single")], model);
        Assert.Equal("adaln-single", overridden["PixArt:Denoiser:TimestepConditioning:Type"]);
    }

    [Fact]
    public void AFolderSavedWithOtherConditioningNamesTheSettingToChange()
    {
        var transformer = Path.Combine(EmbeddedDefaultModel.Shipped(EmbeddedDefaultModel.TinyRandomName), "transformer");
        var folder = P("converted");
        Assert.Equal(0, PixArtCli.Run("convert", "--in", transformer, "--out", folder).ExitCode);
        var (code, _, error) = PixArtCli.Run("generate", "-p", "x", "--out", P("a.png"), "--set", $"PixArt:Denoiser:Weights={folder}",
            "--set", "PixArt:Denoiser:TimestepConditioning:Type=adaln-zero");
        Assert.Equal(2, code);
        Assert.Contains("the weights were saved with TimestepConditioning 'adaln-single' but PixArt:Denoiser:TimestepConditioning:Type is 'adaln-zero'", error);
    }
}
