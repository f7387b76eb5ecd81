namespace PixArt.Hosting.Generation;

/// <summary>
/// One generation job with every per-call setting. A null field takes its default from configuration
/// (<c>PixArt:Generation</c> and <c>PixArt:Sampler</c>); <see cref="GenerationPlanner"/> checks every field before any work
/// and names the field in each problem (<see cref="GenerationRequestException"/>).
/// </summary>
public sealed record GenerationRequest
{
    /// <summary>One or more prompts; each yields <see cref="ImagesPerPrompt"/> images.</summary>
    public required IReadOnlyList<string> Prompts { get; init; }

    /// <summary>Negative prompt for the unconditional branch (see <see cref="Unconditional"/>).</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>Width in pixels; 0 = the model's native size. A multiple of codec downsample × patch size.</summary>
    public int? Width { get; init; }

    /// <summary>Height in pixels; 0 = the model's native size.</summary>
    public int? Height { get; init; }

    /// <summary>Seed of the first image; image i uses <c>Seed + i</c>. Null and no default: a random seed, recorded in the result.</summary>
    public long? Seed { get; init; }

    /// <summary>Images per prompt.</summary>
    public int? ImagesPerPrompt { get; init; }

    /// <summary>Sampler type id (e.g. <c>dpm-solver</c>, <c>sa-solver</c>, <c>ddim</c>).</summary>
    public string? Sampler { get; init; }

    /// <summary>Inference steps.</summary>
    public int? Steps { get; init; }

    /// <summary>Classifier-free guidance scale; 1 or less skips the unconditional pass.</summary>
    public double? GuidanceScale { get; init; }

    /// <summary>Sampler-specific options by name (e.g. <c>Eta</c> for <c>ddim</c>), bound onto the sampler's options type.</summary>
    public IReadOnlyDictionary<string, string>? SamplerOptions { get; init; }

    /// <summary>The unconditional branch of guidance.</summary>
    public UnconditionalMode? Unconditional { get; init; }
}
