using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Golden;

/// <summary>Comparison of tensors against reference data by relative error ‖actual − expected‖ / ‖expected‖.</summary>
public static class TensorAssert
{
    /// <summary>The relative error, computed in float64 on the CPU.</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.detach().to(ScalarType.Float64, CPU);
        var e = expected.detach().to(ScalarType.Float64, CPU);
        var denominator = e.norm().item<double>();
        var numerator = (a - e).norm().item<double>();
        return denominator == 0 ? numerator : numerator / denominator;
    }

    /// <summary>Fails unless shapes match and the relative error is at most <paramref name="toleranceRel"/>.</summary>
    public static void Close(Tensor actual, Tensor expected, double toleranceRel, string what)
    {
        Assert.True(actual.shape.SequenceEqual(expected.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}] differs from reference [{string.Join(", ", expected.shape)}]");
        var error = RelativeError(actual, expected);
        Assert.True(error <= toleranceRel, $"{what}: relative error {error:E3} exceeds tolerance {toleranceRel:E1}");
    }
}
