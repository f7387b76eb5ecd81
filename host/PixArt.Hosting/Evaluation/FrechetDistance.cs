using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians N(μ1, S1) and N(μ2, S2), the measure behind FID:
/// <c>|μ1 − μ2|² + Tr(S1) + Tr(S2) − 2·Tr((S1^½ S2 S1^½)^½)</c>, in float64. The square roots are taken of symmetric
/// positive semi-definite matrices through <c>torch.linalg.eigh</c> (eigenvalues below 0 from rounding are set to 0), so
/// the result is real even when the covariances are singular (fewer vectors than features).
/// </summary>
public static class FrechetDistance
{
    /// <summary>
    /// The distance between <paramref name="a"/> and <paramref name="b"/>; never negative (rounding below 0 is clamped).
    /// Throws <see cref="ArgumentException"/> when their feature widths differ.
    /// </summary>
    public static double Between(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Mean.shape[0] != b.Mean.shape[0])
            throw new ArgumentException($"feature widths differ: {a.Mean.shape[0]} and {b.Mean.shape[0]}");
        using var scope = NewDisposeScope();
        var difference = a.Mean - b.Mean;
        var rootA = SquareRoot(a.Covariance);                        // S1^½
        var inner = rootA.matmul(b.Covariance).matmul(rootA);         // S1^½ S2 S1^½, symmetric PSD
        var crossTrace = Eigenvalues(inner).sqrt().sum().item<double>(); // Tr((S1^½ S2 S1^½)^½)
        var distance = difference.dot(difference).item<double>() + a.Covariance.trace().item<double>() + b.Covariance.trace().item<double>() - 2 * crossTrace;
        return Math.Max(0, distance);
    }

    /// <summary>The symmetric square root <c>[F, F]</c> float64 of a symmetric positive semi-definite <paramref name="matrix"/> <c>[F, F]</c>.</summary>
    public static Tensor SquareRoot(Tensor matrix)
    {
        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(Symmetric(matrix));
        var root = vectors.matmul(diag(values.clamp_min(0).sqrt())).matmul(vectors.t());
        return scope.MoveToOuter(root);
    }

    private static Tensor Eigenvalues(Tensor matrix) => linalg.eigvalsh(Symmetric(matrix)).clamp_min(0);

    // Products of symmetric matrices are symmetric only up to rounding; eigh reads one triangle, so average both.
    private static Tensor Symmetric(Tensor matrix)
    {
        var m = matrix.to(ScalarType.Float64);
        return (m + m.t()) / 2;
    }
}
