using PixArt.Abstractions.Conditioning;

namespace PixArt.Abstractions.Denoising;

/// <summary>Static facts about a denoiser that pipelines, validators and the trainer need; known before weights load.</summary>
/// <param name="InChannels">Latent channels in (4 for the SD VAE).</param>
/// <param name="OutChannels">Channels out (8 with learned σ: 4 ε then 4 variance values).</param>
/// <param name="PatchSize">Latent pixels per token side (2).</param>
/// <param name="SampleSize">Latent size the model was constructed for (positional-embedding base).</param>
/// <param name="Dimensions">Backbone dimensions.</param>
/// <param name="TimestepConditioning">What the timestep conditioning is (micro-conditions).</param>
/// <param name="TextConditioning">What the text conditioning is (caption width, learned null condition).</param>
/// <param name="ParameterCount">Parameters of the whole denoiser, conditioning included.</param>
public sealed record DenoiserInfo(
    int InChannels,
    int OutChannels,
    int PatchSize,
    int SampleSize,
    DenoiserDimensions Dimensions,
    TimestepConditioningInfo TimestepConditioning,
    TextConditioningInfo TextConditioning,
    long ParameterCount)
{
    /// <summary>
    /// True when the second half of the output channels is the learned variance (IDDPM's learned-range σ, reference 3.3):
    /// the one place this fact is decided.
    /// </summary>
    public bool LearnedSigma => OutChannels == 2 * InChannels;

    /// <summary>Whether the model takes the resolution and aspect-ratio micro-conditions (multi-scale models).</summary>
    public bool UsesMicroConditions => TimestepConditioning.UsesMicroConditions;
}
