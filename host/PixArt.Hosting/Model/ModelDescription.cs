using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Text;

namespace PixArt.Hosting.Model;

/// <summary>
/// What the configured model is, known from the components' configurations and checkpoint headers before any weight is
/// read: what the start-up checks compare and the memory estimate counts.
/// </summary>
/// <param name="Name">What is recorded as the model in image metadata.</param>
/// <param name="Denoiser">The denoiser.</param>
/// <param name="Codec">The latent codec.</param>
/// <param name="TextEncoder">The text encoder, when one is configured.</param>
public sealed record ModelDescription(string Name, DenoiserInfo Denoiser, LatentCodecInfo Codec, TextEncoderInfo? TextEncoder)
{
    /// <summary>Parameters of every component together.</summary>
    public long ParameterCount => Denoiser.ParameterCount + Codec.ParameterCount + (TextEncoder?.ParameterCount ?? 0);

    /// <summary>Pixels per token side: codec downsample × patch size. Image sides must be multiples of it.</summary>
    public int SizeMultiple => Codec.DownsampleFactor * Denoiser.PatchSize;

    /// <summary>The model's native image side in pixels.</summary>
    public int NativeSize => Denoiser.SampleSize * Codec.DownsampleFactor;
}
