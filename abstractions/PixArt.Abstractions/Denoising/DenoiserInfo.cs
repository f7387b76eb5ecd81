using PixArt.Abstractions.Conditioning;

namespace PixArt.Abstractions.Denoising;

/// <summary>Static facts about a denoiser that pipelines and validators need.</summary>
/// <param name="InChannels">Latent channels in (4 for the SD VAE).</param>
/// <param name="OutChannels">Channels out (8 with learned σ: 4 ε then 4 variance values).</param>
/// <param name="PatchSize">Latent pixels per token side (2).</param>
/// <param name="SampleSize">Latent size the model was constructed for (positional-embedding base).</param>
/// <param name="LearnedSigma">True when the second half of the output channels is the learned variance.</param>
/// <param name="Dimensions">Backbone dimensions.</param>
public sealed record DenoiserInfo(int InChannels, int OutChannels, int PatchSize, int SampleSize, bool LearnedSigma, DenoiserDimensions Dimensions);
