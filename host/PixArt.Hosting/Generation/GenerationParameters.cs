using System.Globalization;

namespace PixArt.Hosting.Generation;

/// <summary>
/// How one image was made: everything needed to make it again (<see cref="DType"/>: the runtime dtype, <c>float32</c>,
/// <c>bfloat16</c> or <c>float16</c>, since <c>auto</c> resolves differently per CPU and the pixels differ slightly). Written into the PNG as text chunks
/// (<see cref="ToTextChunks"/>), printed back by <c>pixart info</c>.
/// </summary>
public sealed record GenerationParameters(
    string Prompt,
    string NegativePrompt,
    long Seed,
    string Sampler,
    int Steps,
    double GuidanceScale,
    int Width,
    int Height,
    string Model,
    UnconditionalMode Unconditional,
    IReadOnlyDictionary<string, string> SamplerOptions,
    bool PromptTruncated = false,
    string? Bucket = null,
    string? DType = null)
{
    /// <summary>The text chunk that records the runtime dtype (here, and in training's sample grids and eval's grid).</summary>
    public const string DTypeChunk = "dtype";

    /// <summary>The software that made the image.</summary>
    public static string Software => "PixArt.Framework " + typeof(GenerationParameters).Assembly.GetName().Version?.ToString(3);

    /// <summary>The PNG text chunks, in a fixed order (keys are the ones <c>pixart info</c> prints).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToTextChunks()
    {
        var chunks = new List<KeyValuePair<string, string>>
        {
            new("prompt", Prompt),
            new("negative_prompt", NegativePrompt),
            new("seed", Seed.ToString(CultureInfo.InvariantCulture)),
            new("sampler", Sampler),
            new("steps", Steps.ToString(CultureInfo.InvariantCulture)),
            new("guidance", GuidanceScale.ToString(CultureInfo.InvariantCulture)),
            new("size", $"{Width}x{Height}"),
            new("model", Model),
            new("unconditional", UnconditionalModes.Name(Unconditional)),
        };
        foreach (var (key, value) in SamplerOptions.OrderBy(o => o.Key, StringComparer.Ordinal)) chunks.Add(new($"sampler.{key}", value));
        if (PromptTruncated) chunks.Add(new("prompt_truncated", "true"));
        if (Bucket is not null) chunks.Add(new("bucket", Bucket));
        if (DType is not null) chunks.Add(new(DTypeChunk, DType));
        chunks.Add(new("software", Software));
        return chunks;
    }
}

/// <summary>One generated image: pixels in [0, 1] <c>[3, H, W]</c> (float32, CPU, owned) and how it was made.</summary>
/// <param name="Pixels">The image.</param>
/// <param name="Parameters">How it was made.</param>
public sealed record GeneratedImage(TorchSharp.torch.Tensor Pixels, GenerationParameters Parameters) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Pixels.Dispose();
}
