using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Codecs;

/// <summary>Diagonal Gaussian posterior of an encoder; owns its tensors.</summary>
public sealed class LatentDistribution : IDisposable
{
    /// <summary>
    /// Takes ownership of <paramref name="mean"/>; <paramref name="logVariance"/> stays the caller's (a clamped copy to
    /// [−30, 20], as in the SD VAE, is kept).
    /// </summary>
    public LatentDistribution(Tensor mean, Tensor logVariance)
    {
        Mean = mean;
        LogVariance = logVariance.clamp(-30.0, 20.0);
        using var half = LogVariance.mul(0.5);
        Std = half.exp();
    }

    /// <summary>Mean <c>[B, C, h, w]</c> (also the mode).</summary>
    public Tensor Mean { get; }

    /// <summary>Clamped log-variance.</summary>
    public Tensor LogVariance { get; }

    /// <summary>Standard deviation <c>exp(½·logvar)</c>.</summary>
    public Tensor Std { get; }

    /// <summary>Draws <c>mean + std·ε</c> with ε from <paramref name="noise"/>.</summary>
    public Tensor Sample(INoiseSource noise)
    {
        using var eps = noise.StandardNormal(Mean.shape, Mean.dtype, Mean.device);
        return Mean.add(Std.mul(eps));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Mean.Dispose();
        LogVariance.Dispose();
        Std.Dispose();
    }
}
