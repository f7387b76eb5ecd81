namespace PixArt.Hosting.Generation;

/// <summary>
/// Which plans can share one denoising pass (<see cref="GenerationService.RunBatch"/>): the same sampler with the same
/// options (type, steps, guidance scale, schedule and its own options), the same size and the same kind of unconditional
/// branch. Prompts, negative prompts, seeds and image counts may differ: every image keeps its own noise streams.
/// </summary>
public static class GenerationBatch
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> can run in one pass.</summary>
    public static bool Compatible(GenerationPlan a, GenerationPlan b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Sampler.TypeId == b.Sampler.TypeId
            && a.Steps == b.Steps
            && a.GuidanceScale.Equals(b.GuidanceScale)
            && a.Size == b.Size
            && a.Unconditional == b.Unconditional
            && SameOptions(a.Sampler.ChangedOptions, b.Sampler.ChangedOptions);
    }

    /// <summary>
    /// Text that is equal for compatible plans and differs otherwise: a dictionary key for grouping plans, and what a
    /// server can show as the batch a job joined.
    /// </summary>
    public static string Key(GenerationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var options = string.Join(",", plan.Sampler.ChangedOptions.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}={o.Value}"));
        return FormattableString.Invariant(
            $"{plan.Sampler.TypeId}|{plan.Steps}|{plan.GuidanceScale:R}|{plan.Size.Width}x{plan.Size.Height}>{plan.Size.OutputWidth}x{plan.Size.OutputHeight}|{plan.Unconditional}|{options}");
    }

    // ChangedOptions holds every option that differs from the sampler's defaults, as round-trip text: equal dictionaries
    // mean equal options (steps and guidance are compared apart).
    private static bool SameOptions(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(o => b.TryGetValue(o.Key, out var v) && v == o.Value);
}
