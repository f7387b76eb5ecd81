namespace PixArt.Hosting.Generation;

/// <summary>A request with every default applied and every field checked: what <see cref="GenerationService"/> runs.</summary>
/// <param name="Prompts">One prompt per image (each prompt repeated for its images).</param>
/// <param name="Seeds">One seed per image.</param>
/// <param name="NegativePrompt">The negative prompt.</param>
/// <param name="Sampler">The sampler with its options (steps, guidance).</param>
/// <param name="Unconditional">The resolved unconditional branch (<see cref="UnconditionalMode.None"/> when not guiding).</param>
/// <param name="Size">The image size, and the bucket it is generated at.</param>
/// <param name="Estimate">What the request will cost (memory at its peak, arithmetic per step).</param>
public sealed record GenerationPlan(
    IReadOnlyList<string> Prompts,
    IReadOnlyList<long> Seeds,
    string NegativePrompt,
    SamplerChoice Sampler,
    UnconditionalMode Unconditional,
    ImageSize Size,
    RequestEstimate Estimate)
{
    /// <summary>Inference steps.</summary>
    public int Steps => Sampler.Options.Steps;

    /// <summary>Classifier-free guidance scale.</summary>
    public double GuidanceScale => Sampler.Options.GuidanceScale;

    /// <summary>Whether the unconditional branch runs.</summary>
    public bool Guided => Unconditional != UnconditionalMode.None;
}

/// <summary>The size of the images: what was asked for and what is generated (an aspect-ratio bucket for multi-scale models).</summary>
/// <param name="Height">Height generated, in pixels.</param>
/// <param name="Width">Width generated, in pixels.</param>
/// <param name="OutputHeight">Height returned (the generated image is resized and centre-cropped to it when binned).</param>
/// <param name="OutputWidth">Width returned.</param>
public sealed record ImageSize(int Height, int Width, int OutputHeight, int OutputWidth)
{
    /// <summary>True when the generated size is a bucket other than the output size.</summary>
    public bool Binned => Height != OutputHeight || Width != OutputWidth;
}
