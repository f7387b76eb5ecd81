using PixArt.Abstractions.Codecs;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae;

/// <summary>Keeps a <see cref="LatentDistribution"/> built inside a dispose scope, and nothing else made there.</summary>
internal static class Posterior
{
    /// <summary>
    /// Moves the distribution's own tensors (mean, clamped log-variance, std) out of <paramref name="scope"/>. The
    /// distribution's constructor neither frees the unclamped log-variance it was given nor the temporary behind its
    /// std, so it must be constructed inside a scope that frees them.
    /// </summary>
    public static LatentDistribution KeepPosterior(this DisposeScope scope, LatentDistribution posterior)
    {
        scope.MoveToOuter(posterior.Mean, posterior.LogVariance, posterior.Std);
        return posterior;
    }
}
