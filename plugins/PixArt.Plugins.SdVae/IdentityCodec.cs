using PixArt.Abstractions.Codecs;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae;

/// <summary>
/// Pixel-space "codec": the latent is the image itself (3 channels, downsample 1, scaling 1). Encoding gives the image as
/// the mean with zero log-variance (a point mass up to the contract's clamp), decoding returns the latent unchanged.
/// For pixel-space diffusion experiments and tests that need no VAE.
/// </summary>
public sealed class IdentityCodec : ILatentCodec
{
    /// <summary>Image channels.</summary>
    public const int Channels = 3;

    /// <summary>The log-variance of the point-mass posterior (the floor <see cref="LatentDistribution"/> clamps to).</summary>
    public const double MinLogVariance = -30.0;

    /// <inheritdoc />
    public int LatentChannels => Channels;

    /// <inheritdoc />
    public int DownsampleFactor => 1;

    /// <inheritdoc />
    public double ScalingFactor => 1.0;

    /// <inheritdoc />
    public LatentDistribution Encode(Tensor images)
    {
        Check(images, "images");
        using var scope = NewDisposeScope();
        // The distribution owns its tensors, so it gets a copy rather than the caller's image. A point mass: the
        // log-variance at LatentDistribution's floor (−30, σ ≈ 3e-7), so a posterior sample is the image itself.
        return scope.KeepPosterior(new LatentDistribution(images.clone(), full_like(images, MinLogVariance)));
    }

    /// <inheritdoc />
    public Tensor Decode(Tensor latents)
    {
        Check(latents, "latents");
        return latents.alias();
    }

    /// <inheritdoc />
    public void Dispose() { }

    private static void Check(Tensor t, string what)
    {
        ArgumentNullException.ThrowIfNull(t, what);
        if (t.dim() != 4 || t.shape[1] != Channels)
            throw new ArgumentException($"{what} must be [B, {Channels}, H, W]; got [{string.Join(", ", t.shape)}]", what);
    }
}
