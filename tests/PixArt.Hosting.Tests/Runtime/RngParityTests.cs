using PixArt.Abstractions.Testing.Golden;
using PixArt.Hosting.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Runtime;

public sealed class RngParityTests
{
    [Fact]
    public void SeededGeneratorReproducesPyTorchStreams()
    {
        using var golden = GoldenData.Open("rng");
        var seed = golden.Get("seed").GetInt64();
        var tolerance = golden.Get("tolerance_abs").GetDouble();
        // The stored names carry the shapes (randn_2x4x8x8, rand_1000); take whichever shapes this set recorded.
        using var expectedNormal = golden.Tensor(golden.Keys.Single(k => k.StartsWith("randn", StringComparison.Ordinal)));
        using var expectedUniform = golden.Tensor(golden.Keys.Single(k => k.StartsWith("rand_", StringComparison.Ordinal)));
        using var noise = new GeneratorNoiseSource(seed);
        using var normal = noise.StandardNormal(expectedNormal.shape, ScalarType.Float32, CPU);
        using var uniform = noise.Uniform(expectedUniform.shape, ScalarType.Float32, CPU);
        Assert.True((normal - expectedNormal).abs().max().item<float>() <= tolerance);
        Assert.True((uniform - expectedUniform).abs().max().item<float>() == 0f);
    }
}
