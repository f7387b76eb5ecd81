using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Tests;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "pixart-st-" + Guid.NewGuid().ToString("N"));

    public SafetensorsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, true);

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Int64)]
    public void RoundTripsTensorsAndMetadata(ScalarType dtype)
    {
        var path = Path.Combine(_dir, "w.safetensors");
        using var a = randn(3, 5).to(dtype);
        using var b = arange(7).to(dtype);
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["a.weight"] = a, ["b"] = b }, new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(new[] { "a.weight", "b" }, file.Keys.Order());
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(new long[] { 3, 5 }, file.Describe("a.weight").Shape);
        using var ra = file.Read("a.weight");
        Assert.Equal(dtype, ra.dtype);
        Assert.True(ra.allclose(a, 0, 0));
        Assert.False(File.Exists(path + ".tmp-" + Environment.ProcessId));
    }

    [Fact]
    public void ShardedIndexOpensEachShardThroughTheWeightMap()
    {
        using var a = randn(2, 2);
        using var b = randn(4);
        SafetensorsWriter.Write(Path.Combine(_dir, "m-1.safetensors"), new Dictionary<string, Tensor> { ["a"] = a });
        SafetensorsWriter.Write(Path.Combine(_dir, "m-2.safetensors"), new Dictionary<string, Tensor> { ["b"] = b });
        File.WriteAllText(Path.Combine(_dir, "m.safetensors.index.json"), """{"metadata":{"total_size":32},"weight_map":{"a":"m-1.safetensors","b":"m-2.safetensors"}}""");
        using var sharded = ShardedWeightSource.Open(Path.Combine(_dir, "m.safetensors.index.json"));
        using var rb = sharded.Read("b");
        Assert.True(rb.allclose(b, 0, 0));
        Assert.EndsWith("m-2.safetensors", sharded.Describe("b").File);
    }

    [Fact]
    public void MissingShardIsNamed()
    {
        File.WriteAllText(Path.Combine(_dir, "i.index.json"), """{"weight_map":{"a":"gone.safetensors"}}""");
        var e = Assert.Throws<WeightFormatException>(() => ShardedWeightSource.Open(Path.Combine(_dir, "i.index.json")));
        Assert.Contains("gone.safetensors", e.Message);
    }

    [Fact]
    public void TruncatedFileIsRejectedWithItsPath()
    {
        var path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, new byte[] { 255, 255, 0, 0, 0, 0, 0, 0, 1 });
        var e = Assert.Throws<WeightFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void StrictLoadReportsMissingUnexpectedAndMismatchedTogether()
    {
        using var module = nn.Sequential(("fc", nn.Linear(3, 2)), ("out", nn.Linear(2, 1)));
        var path = Path.Combine(_dir, "m.safetensors");
        using var w = randn(2, 4);
        using var bias = randn(2);
        using var stray = randn(1);
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["fc.weight"] = w, ["fc.bias"] = bias, ["stray"] = stray });
        using var file = SafetensorsFile.Open(path);
        var e = Assert.Throws<WeightFormatException>(() => ModuleWeights.LoadStrict(module, file));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing keys (2): out.weight, out.bias", e.Message);
        Assert.Contains("unexpected keys (1): stray", e.Message);
        Assert.Contains("fc.weight [2, 4] -> fc.weight [2, 3]", e.Message);
    }

    [Fact]
    public void StrictLoadCopiesAndConvertsDtype()
    {
        using var module = nn.Linear(3, 2);
        var path = Path.Combine(_dir, "l.safetensors");
        using var w = randn(2, 3).to(ScalarType.BFloat16);
        using var bias = randn(2).to(ScalarType.BFloat16);
        SafetensorsWriter.Write(path, new Dictionary<string, Tensor> { ["weight"] = w, ["bias"] = bias });
        using var file = SafetensorsFile.Open(path);
        ModuleWeights.LoadStrict(module, file);
        Assert.Equal(ScalarType.Float32, module.weight.dtype);
        Assert.True(module.weight.to(ScalarType.BFloat16).allclose(w, 0, 0));
    }
}
