using System.Text.Json;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>
/// Issue 9, item 2 (a model folder or checkpoint must not exhaust memory): a config.json is held to the options' ranges, and
/// its dimensions to the checkpoint's tensor headers, in Describe, before anything is allocated.
/// </summary>
public sealed class CheckpointHeaderTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("pixart-headers-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A diffusers transformer folder of transformer_tiny whose config.json has <paramref name="field"/> replaced.</summary>
    private string Folder(string? field = null, object? value = null)
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var config = JsonSerializer.Deserialize<Dictionary<string, object?>>(golden.Get("config").GetRawText())!;
        if (field is not null) config[field] = value;
        File.WriteAllText(Path.Combine(_folder.FullName, "config.json"), JsonSerializer.Serialize(config));
        using (var weights = new PrefixedWeightSource(golden.Data, "weights."))
        using (NewDisposeScope())
            SafetensorsWriter.Write(Path.Combine(_folder.FullName, PixArtCheckpoint.DiffusersWeightsFile), weights.Keys.ToDictionary(k => k, weights.Read));
        return _folder.FullName;
    }

    private static WeightFormatException Describe(string folder) =>
        Assert.Throws<WeightFormatException>(() => new PixArtTransformerFactory().Describe(TestComponents.Context(new PixArtTransformerOptions { Weights = folder })));

    [Theory]
    [InlineData("num_layers", 1_000_000_000, "num_layers = 1000000000: must be between 1 and 1024 (the range of the Depth option)")]
    [InlineData("num_layers", 0, "num_layers = 0: must be between 1 and 1024")]
    [InlineData("num_attention_heads", 5000, "num_attention_heads = 5000: must be between 1 and 1024")]
    [InlineData("patch_size", 100, "patch_size = 100: must be between 1 and 64")]
    [InlineData("in_channels", -4, "in_channels = -4: must be between 1 and 1024")]
    [InlineData("sample_size", 1e9, "sample_size = 1000000000: must be between 1 and 4096")]
    [InlineData("caption_channels", 1e12, "caption_channels = 1000000000000: must be between 1 and 65536")]
    [InlineData("attention_head_dim", 1_000_000, "num_attention_heads × attention_head_dim = 4 × 1000000 = 4000000: the hidden size must be between 1 and 65536")]
    public void ConfigJsonValuesAreHeldToTheOptionRanges(string field, double value, string expected)
    {
        var folder = Folder(field, value);
        var error = Describe(folder);
        Assert.Contains(Path.Combine(folder, "config.json"), error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("attention_head_dim", 16384, "pos_embed.proj.weight is [64, 4, 2, 2], expected [65536, 4, 2, 2]")] // hidden size 65536 beside a 64-wide checkpoint
    [InlineData("num_layers", 28, "the checkpoint has 2 transformer blocks but")]
    [InlineData("out_channels", 4, "proj_out.weight is [32, 64], expected [16, 64]")]
    [InlineData("in_channels", 8, "pos_embed.proj.weight is [64, 4, 2, 2], expected [64, 8, 2, 2]")]
    public void ConfigDimensionsAreComparedWithTheCheckpointHeaders(string field, int value, string expected)
    {
        var folder = Folder(field, value);
        var error = Describe(folder);
        Assert.Contains(Path.Combine(folder, PixArtCheckpoint.DiffusersWeightsFile), error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TheUnchangedFolderDescribes()
    {
        var info = new PixArtTransformerFactory().Describe(TestComponents.Context(new PixArtTransformerOptions { Weights = Folder() }));
        Assert.Equal(64, info.Dimensions.HiddenSize);
    }

    [Theory]
    [InlineData(24, 2, 4, 2, 4, 8)]
    [InlineData(48, 3, 6, 1, 3, 3)]
    public void ExpectedBackboneShapesAreWhatTheModelAllocates(int hidden, int depth, int heads, int patch, int inChannels, int outChannels)
    {
        var config = new PixArtTransformerConfig(hidden, depth, heads, patch, inChannels, outChannels, 8, 16);
        using var model = PixArtTransformerFactory.Build(TestComponents.Context(), config);
        var backbone = model.state_dict()
            .Where(p => !p.Key.StartsWith(PixArtTransformer.TimestepConditioningPrefix, StringComparison.Ordinal)
                        && !p.Key.StartsWith(PixArtTransformer.TextConditioningPrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value.shape);
        var expected = BackboneCheckpoint.ExpectedShapes(config);
        Assert.Equal(backbone.Keys.Order(), expected.Keys.Order());
        foreach (var (key, shape) in expected) Assert.Equal(backbone[key], shape);
    }
}
