using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.SdVae;

/// <summary>Entry point: the <c>sd-vae</c> (diffusers AutoencoderKL) and <c>identity</c> latent codecs.</summary>
public sealed class SdVaePlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new(
        "sd-vae", new Version(0, 1, 0), new[] { ComponentKind.LatentCodec },
        "Latent codecs: the Stable Diffusion VAE (diffusers AutoencoderKL) and a pixel-space identity codec");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddComponent<ILatentCodecFactory, SdVaeFactory, SdVaeOptions>(
            ComponentKind.LatentCodec, "sd-vae", "Stable Diffusion VAE (diffusers AutoencoderKL folder), 8x downsampling");
        context.AddComponent<ILatentCodecFactory, IdentityCodecFactory, IdentityCodecOptions>(
            ComponentKind.LatentCodec, "identity", "Pixel space: the latent is the image (no VAE)");
    }
}
