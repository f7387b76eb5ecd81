using PixArt.Abstractions.Codecs;
using static TorchSharp.torch;

namespace MyCodec;

/// <summary>
/// A codec with no weights: encoding folds each <c>f×f</c> block of pixels into channels (<c>[B, 3, H, W]</c> →
/// <c>[B, 3f², H/f, W/f]</c>, PyTorch's <c>pixel_unshuffle</c>), decoding unfolds them (<c>pixel_shuffle</c>), so decoding
/// an encoding gives the image back exactly. The posterior is a point mass (log-variance at the floor, −30). Replace the
/// two folds with your network; keep the shape checks and the ownership rules (the distribution owns its tensors).
/// </summary>
public sealed class SpaceToDepthCodec(int factor) : ILatentCodec
{
    /// <summary>Channels of the images it takes.</summary>
    public const int ImageChannels = 3;

    /// <inheritdoc />
    public int LatentChannels => ImageChannels * factor * factor;

    /// <inheritdoc />
    public int DownsampleFactor => factor;

    /// <inheritdoc />
    public double ScalingFactor => 1.0;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="images"/> is not <c>[B, 3, H, W]</c> with H and W multiples of the factor.</exception>
    public LatentDistribution Encode(Tensor images)
    {
        Check(images, ImageChannels, nameof(images));
        if (images.shape[2] % factor != 0 || images.shape[3] % factor != 0)
            throw new ArgumentException($"image sides must be multiples of {factor}; got {images.shape[2]}x{images.shape[3]}", nameof(images));
        var mean = nn.functional.pixel_unshuffle(images, factor);
        using var logVariance = full_like(mean, -30.0);
        return new LatentDistribution(mean, logVariance);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="latents"/> is not <c>[B, 3f², h, w]</c>.</exception>
    public Tensor Decode(Tensor latents)
    {
        Check(latents, LatentChannels, nameof(latents));
        return nn.functional.pixel_shuffle(latents, factor);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // No weights, nothing to free.
    }

    private static void Check(Tensor t, int channels, string name)
    {
        ArgumentNullException.ThrowIfNull(t, name);
        if (t.dim() != 4 || t.shape[1] != channels)
            throw new ArgumentException($"{name} must be [B, {channels}, H, W]; got [{string.Join(", ", t.shape)}]", name);
    }
}
