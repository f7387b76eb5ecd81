using PixArt.Abstractions.Testing.Golden;
using PixArt.Nn.Weights;
using PixArt.Hosting.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>
/// The transformer under a bf16 runtime against the float32 diffusers forward of every reference case: the error bf16
/// costs, measured per case and bounded by one documented tolerance (docs/numerics.md, "bf16 tolerances per module").
/// </summary>
public sealed class Bfloat16ConformanceTests(ITestOutputHelper output)
{
    // bf16 keeps 8 significant bits (a rounding costs up to 2^-8 ≈ 3.9e-3 relative), and the reference pays for it too:
    // diffusers' own bf16 forward is 4.0e-2 (transformer_tiny) and 2.1e-2 (transformer_tiny_ms) from its float32 output
    // on these cases (scripts/cpu-anchor/run_bf16_conformance.sh, PyTorch 2.6 on the CPU). This project measured 2.8e-2
    // and 1.7e-2 (its timestep sinusoids, norm statistics, softmax and GEMM accumulation stay float32). The bound is the
    // reference's own worst case with a quarter of margin: a CPU whose bf16 kernels round differently still passes, a
    // change that loses more precision than the reference itself does not.
    private const double Tolerance = 5e-2;

    [Theory]
    [InlineData("transformer_tiny", "weights.")]
    [InlineData("transformer_tiny", "official.")]
    [InlineData("transformer_tiny_ms", "weights.")]
    [InlineData("transformer_tiny_ms", "official.")]
    public void Bfloat16_forward_stays_within_the_documented_tolerance(string caseName, string prefix)
    {
        using var golden = GoldenData.Open(caseName);
        using var source = new PrefixedWeightSource(golden.Data, prefix);
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(runtime: new RuntimeContext(CPU, ScalarType.BFloat16)), TestComponents.Config(golden), source);
        using var actual = TestComponents.Run(model, golden);
        using var expected = golden.Tensor("output");
        Assert.Equal(ScalarType.BFloat16, actual.dtype);
        using var actual32 = actual.to(ScalarType.Float32);
        var error = TensorAssert.RelativeError(actual32, expected);
        output.WriteLine($"{caseName} [{prefix}*] bf16 relative error {error:E3} (tolerance {Tolerance:E1})");
        Assert.True(error <= Tolerance, $"{caseName} [{prefix}*]: bf16 relative error {error:E3} exceeds {Tolerance:E1}");
    }
}
