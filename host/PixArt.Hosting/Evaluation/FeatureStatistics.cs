using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// The Gaussian summary of a set of feature vectors that the Fréchet distance compares: <see cref="Mean"/> <c>[F]</c> and
/// the unbiased <see cref="Covariance"/> <c>[F, F]</c> (divided by N − 1, as <c>numpy.cov</c> and the FID reference do),
/// both float64 on the CPU. Owns both tensors.
/// </summary>
public sealed class FeatureStatistics : IDisposable
{
    /// <summary>Wraps a mean <c>[F]</c> and a covariance <c>[F, F]</c> (converted to float64 on the CPU; the caller keeps its tensors).</summary>
    public FeatureStatistics(Tensor mean, Tensor covariance, long count)
    {
        if (mean.dim() != 1 || covariance.dim() != 2 || covariance.shape[0] != mean.shape[0] || covariance.shape[1] != mean.shape[0])
            throw new ArgumentException($"expected mean [F] and covariance [F, F], got [{string.Join(", ", mean.shape)}] and [{string.Join(", ", covariance.shape)}]");
        Mean = mean.to(ScalarType.Float64, CPU).clone().DetachFromDisposeScope();
        Covariance = covariance.to(ScalarType.Float64, CPU).clone().DetachFromDisposeScope();
        Count = count;
    }

    /// <summary>Mean <c>[F]</c> float64.</summary>
    public Tensor Mean { get; }

    /// <summary>Covariance <c>[F, F]</c> float64.</summary>
    public Tensor Covariance { get; }

    /// <summary>Number of vectors summarised.</summary>
    public long Count { get; }

    /// <summary>
    /// Mean and covariance of <paramref name="features"/> <c>[N, F]</c> (any float dtype and device), computed in float64.
    /// Throws <see cref="ArgumentException"/> when N &lt; 2 (a covariance needs two vectors) or a value is not finite.
    /// </summary>
    public static FeatureStatistics Of(Tensor features)
    {
        if (features.dim() != 2) throw new ArgumentException($"expected features [N, F], got [{string.Join(", ", features.shape)}]", nameof(features));
        if (features.shape[0] < 2) throw new ArgumentException($"a covariance needs at least 2 feature vectors, got {features.shape[0]}", nameof(features));
        using var scope = NewDisposeScope();
        var x = features.to(ScalarType.Float64, CPU);
        // A diverged network gives NaN features; eigh would then fail without saying why.
        if (!x.isfinite().all().item<bool>()) throw new ArgumentException("the features contain NaN or infinite values (a diverged classifier?)", nameof(features));
        var mean = x.mean([0]);                                   // [F]
        var centred = x - mean;                                   // [N, F]
        var covariance = centred.t().matmul(centred) / (x.shape[0] - 1); // [F, F]
        return new FeatureStatistics(mean, covariance, x.shape[0]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        Covariance.Dispose();
    }
}
