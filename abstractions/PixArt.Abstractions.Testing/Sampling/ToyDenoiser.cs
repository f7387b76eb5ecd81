using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Sampling;

/// <summary>
/// The analytic denoiser of the scheduler reference cases: ε(x, t, c) = 0.3·x·cos(0.0015·t) + 0.2·sin(x) + c,
/// and a learned-variance companion 0.5·tanh(x).
/// </summary>
public static class ToyDenoiser
{
    /// <summary>ε without a condition (c = 0).</summary>
    public static Tensor Eps(Tensor x, double t) => Eps(x, t, 0.0);

    /// <summary>ε for a scalar condition <paramref name="c"/> shared by the batch.</summary>
    public static Tensor Eps(Tensor x, double t, double c)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(0.3 * x * Math.Cos(0.0015 * t) + 0.2 * x.sin() + c);
    }

    /// <summary>ε with a per-sample condition <paramref name="c"/> <c>[B]</c>.</summary>
    public static Tensor Eps(Tensor x, double t, Tensor c)
    {
        using var scope = NewDisposeScope();
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        return scope.MoveToOuter(0.3 * x * Math.Cos(0.0015 * t) + 0.2 * x.sin() + c.to(x.dtype).view(shape));
    }

    /// <summary>ε then the variance channels 0.5·tanh(x), as a learned-σ model returns them.</summary>
    public static Tensor WithLearnedVariance(Tensor x, double t, double c = 0.0)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(cat([Eps(x, t, c), 0.5 * x.tanh()], 1));
    }
}
