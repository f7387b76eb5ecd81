using PixArt.Abstractions.Testing.Golden;
using PixArt.Hosting.Runtime;
using PixArt.Plugins.SdVae.Modules;
using PixArt.Plugins.SdVae.Tests.Support;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests;

/// <summary>
/// The VAE under a bf16 runtime gives the same numerics on every x86-64 CPU: its convolutions and linear layers compute
/// in float32 on the CPU and only the stored activations are bf16 (docs/numerics.md, "bf16 VAE"). A failure prints the
/// relative error of every layer against the float32 run, so the layer where precision is lost is named.
/// </summary>
public sealed class Bfloat16PrecisionTests(ITestOutputHelper output)
{
    // bf16 keeps 8 significant bits: each rounding of a stored activation or weight costs up to 2^-8 ≈ 3.9e-3, about
    // 1.7e-3 RMS (relative). The longest path (encoder or decoder of the reference case) rounds about 25 layer outputs;
    // independent roundings add in quadrature, √25 × 1.7e-3 ≈ 8.5e-3: the bound is that expected size, not a worst case.
    // Measured 3.2e-3 (latent mean) and 3.4e-3 (decoded); diffusers' own bf16 VAE 3.3e-3 and 3.4e-3.
    private const double Bf16Tolerance = 1e-2;

    [Fact]
    public void Bfloat16Runtime_StaysCloseToReference()
    {
        using var golden = VaeCase.Open();
        using var float32 = VaeCase.Codec(golden);
        using var bfloat16 = VaeCase.Codec(golden, new RuntimeContext(CPU, ScalarType.BFloat16));
        using var scope = NewDisposeScope();
        var image = golden.Tensor("image");
        var latent = golden.Tensor("latent");
        Tensor? mean = null, decoded = null;
        using var reference = LayerTrace.Record(float32, c => { using var _ = c.Encode(image); c.Decode(latent); });
        using var trace = LayerTrace.Record(bfloat16, c =>
        {
            using var posterior = c.Encode(image);
            mean = posterior.Mean.clone();
            decoded = c.Decode(latent);
        });
        var layers = trace.CompareWith(reference);
        output.WriteLine("bf16 against float32, layer by layer:\n" + layers);

        Assert.Equal(ScalarType.Float32, mean!.dtype);
        Assert.Equal(ScalarType.Float32, decoded!.dtype);
        foreach (var (what, actual) in new[] { ("latent_mean", mean), ("decoded", decoded) })
        {
            var error = TensorAssert.RelativeError(actual, golden.Tensor(what));
            output.WriteLine($"bf16 {what}: relative error {error:E3} (tolerance {Bf16Tolerance:E1})");
            Assert.True(error <= Bf16Tolerance,
                $"bf16 {what}: relative error {error:E3} exceeds {Bf16Tolerance:E1}; bf16 against float32, layer by layer:\n{layers}");
        }
    }

    [Fact]
    public void ConvolutionsAndLinearLayersComputeInFloat32OnTheCpu()
    {
        // Bit-exact: a bf16 kernel (oneDNN, wrong on some AMD CPUs) would round or accumulate differently.
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var x = randn(new long[] { 2, 32, 9, 9 }, generator: generator).to(ScalarType.BFloat16);
        using var conv = new VaeConv2d(32, 16, 3, padding: 1);
        using var linear = new VaeLinear(9, 5);
        foreach (var p in conv.parameters().Concat(linear.parameters()))
            using (no_grad()) p.normal_(0, 0.2, generator: generator);
        conv.to(ScalarType.BFloat16);
        linear.to(ScalarType.BFloat16);
        var weights = conv.parameters().Select(p => p.to(ScalarType.Float32)).ToArray();
        var expectedConv = nn.functional.conv2d(x.to(ScalarType.Float32), weights[0], weights[1], padding: new long[] { 1, 1 }).to(ScalarType.BFloat16);
        Assert.True(conv.call(x).eq(expectedConv).all().item<bool>(), "the bf16 convolution differs from float32 math rounded to bf16");
        var linearWeights = linear.parameters().Select(p => p.to(ScalarType.Float32)).ToArray();
        var expectedLinear = nn.functional.linear(x.to(ScalarType.Float32), linearWeights[0], linearWeights[1]).to(ScalarType.BFloat16);
        Assert.True(linear.call(x).eq(expectedLinear).all().item<bool>(), "the bf16 linear layer differs from float32 math rounded to bf16");
    }

    [Fact]
    public void Bfloat16Decode_OfTheEmbeddedModel_StaysWithinAFewGreyLevels()
    {
        // The embedded model's VAE has large activations (random weights; std ≈ 5, up to ≈ 35), the case where a bf16
        // kernel without float32 accumulation was 11.9 grey levels off on average and 118 at most.
        var folder = Path.Combine(GoldenData.RepositoryRoot(), "models", "pixart-tiny-random", "vae");
        using var float32 = VaeCase.CreateThroughFactory(folder);
        using var bfloat16 = new SdVaeFactory().Create(VaeCase.Context(new SdVaeOptions { Path = folder }, new RuntimeContext(CPU, ScalarType.BFloat16)));
        using var scope = NewDisposeScope();
        var latents = randn(new long[] { 1, 4, 32, 32 }, generator: new Generator(1)) / float32.ScalingFactor;
        var reference = GreyLevels(float32.Decode(latents));
        var difference = (GreyLevels(bfloat16.Decode(latents)) - reference).abs();
        var (meanDiff, maxDiff) = (difference.mean().item<float>(), difference.max().item<float>());
        output.WriteLine($"bf16 decode of the embedded model against float32: mean {meanDiff:F2}, max {maxDiff:F2} grey levels (of 255)");
        // Measured 0.47 and 4.6: bf16 rounding of the activations alone.
        Assert.True(meanDiff <= 1.0 && maxDiff <= 12, $"bf16 decode is {meanDiff:F2} grey levels off on average and {maxDiff:F2} at most");
    }

    private static Tensor GreyLevels(Tensor image) => (image.clamp(-1, 1) + 1) * 127.5;
}
