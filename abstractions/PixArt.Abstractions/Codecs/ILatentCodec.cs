using static TorchSharp.torch;

namespace PixArt.Abstractions.Codecs;

/// <summary>
/// Image ↔ latent. Images are <c>[B, 3, H, W]</c> in [−1, 1]; latents are in the codec's own space (unscaled):
/// the diffusion latent is <c>ScalingFactor · z</c>.
/// </summary>
public interface ILatentCodec : IDisposable
{
    /// <summary>Latent channels (4 for the SD VAE, 3 for identity).</summary>
    int LatentChannels { get; }

    /// <summary>Pixels per latent pixel along each side (8 for the SD VAE, 1 for identity).</summary>
    int DownsampleFactor { get; }

    /// <summary>Multiplier from codec latents to diffusion latents (0.18215 for the SD VAE).</summary>
    double ScalingFactor { get; }

    /// <summary>Encodes images to the latent posterior.</summary>
    LatentDistribution Encode(Tensor images);

    /// <summary>Decodes codec latents <c>z</c> (already divided by <see cref="ScalingFactor"/>) to images in about [−1, 1].</summary>
    Tensor Decode(Tensor latents);
}
