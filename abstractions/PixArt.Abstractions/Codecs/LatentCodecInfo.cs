namespace PixArt.Abstractions.Codecs;

/// <summary>What a latent codec will be, known from its configuration before any weight is read.</summary>
/// <param name="LatentChannels">Latent channels (must equal the denoiser's input channels).</param>
/// <param name="DownsampleFactor">Pixels per latent pixel along each side.</param>
/// <param name="ScalingFactor">Multiplier from codec latents to diffusion latents.</param>
/// <param name="ParameterCount">Number of parameters it loads.</param>
public sealed record LatentCodecInfo(int LatentChannels, int DownsampleFactor, double ScalingFactor, long ParameterCount);
