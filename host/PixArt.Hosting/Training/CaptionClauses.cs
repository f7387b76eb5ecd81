namespace PixArt.Hosting.Training;

/// <summary>
/// Clause dropout of training captions (<c>TrainingStageOptions.CaptionClauseDropout</c>): a caption's clauses are its
/// comma-separated parts, trimmed; each is left out with a probability, and when every one would be, the one with the
/// largest draw is kept, so a caption never becomes empty (an empty caption is the null condition, which condition
/// dropout alone decides).
/// </summary>
public static class CaptionClauses
{
    /// <summary>Draws per caption: clauses after the first <see cref="MaxClauses"/> are always kept.</summary>
    public const int MaxClauses = 16;

    /// <summary>The caption's non-empty clauses, trimmed, in order.</summary>
    public static IReadOnlyList<string> Split(string caption) =>
        caption.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The caption made of the clauses whose draw (uniform in [0, 1), one per clause in order; clauses without a draw are
    /// kept) is at least <paramref name="dropout"/>, joined by ", ". A caption of one clause or none comes back unchanged.
    /// </summary>
    public static string Drop(string caption, ReadOnlySpan<float> draws, double dropout)
    {
        var clauses = Split(caption);
        if (clauses.Count <= 1) return caption;
        var kept = new List<string>(clauses.Count);
        var best = 0;
        for (var i = 0; i < clauses.Count; i++)
        {
            if (i >= draws.Length || draws[i] >= dropout) kept.Add(clauses[i]);
            else if (draws[i] > draws[best]) best = i;
        }
        return kept.Count > 0 ? string.Join(", ", kept) : clauses[best];
    }
}
