namespace PixArt.Abstractions.Codecs;

/// <summary>What a latent codec will be, known from its configuration before any weight is read.</summary>
/// <param name="LatentChannels">Latent channels (must equal the denoiser's input channels).</param>
/// <param name="DownsampleFactor">Pixels per latent pixel along each side.</param>
/// <param name="ScalingFactor">Multiplier from codec latents to diffusion latents.</param>
/// <param name="ParameterCount">Number of parameters it loads.</param>
public sealed record LatentCodecInfo(int LatentChannels, int DownsampleFactor, double ScalingFactor, long ParameterCount)
{
    /// <summary>
    /// Tensor elements alive at the peak of <see cref="ILatentCodec.Decode"/>, per image and per output pixel (a
    /// convolutional decoder's widest stages at full resolution), so the host can estimate a request's memory before any
    /// work and refuse a size that cannot fit. 0 when unknown (no decode estimate is made). Added in contract 2 without a
    /// version change: optional, and plugins that leave it unset keep working (docs/adr/0002).
    /// </summary>
    public double DecodeActivationsPerPixel { get; init; }
}
