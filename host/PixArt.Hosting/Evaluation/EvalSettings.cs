namespace PixArt.Hosting.Evaluation;

/// <summary>How <c>pixart eval</c> generates: images per prompt (seeds 0 … N−1), steps, guidance, size, and the prompt set's cap.</summary>
public sealed record EvalSettings
{
    /// <summary>Images per prompt; prompt p's images use seeds 0, 1, …, <c>Seeds − 1</c>.</summary>
    public int Seeds { get; init; } = 4;

    /// <summary>Sampler steps.</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Classifier-free guidance scale.</summary>
    public double GuidanceScale { get; init; } = 4.5;

    /// <summary>Side of the generated images in pixels (resized to the classifier's input when different).</summary>
    public int Size { get; init; } = 64;

    /// <summary>Most held-out prompts (<see cref="EvalPromptSet"/>).</summary>
    public int HeldOutPrompts { get; init; } = EvalPromptSet.DefaultHeldOutCap;

    /// <summary>Rows of the grid image: half training prompts, half held-out ones, where there are enough.</summary>
    public int GridRows { get; init; } = 12;

    /// <summary>The seeds of each prompt.</summary>
    public IReadOnlyList<long> SeedList => Enumerable.Range(0, Seeds).Select(s => (long)s).ToList();
}
