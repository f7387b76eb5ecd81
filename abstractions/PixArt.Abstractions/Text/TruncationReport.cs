namespace PixArt.Abstractions.Text;

/// <summary>
/// Which truncated prompts a text encoder has already warned about: one warning per distinct prompt, so a training run
/// that encodes the same long captions every epoch does not repeat it. Remembers at most <see cref="Capacity"/> prompts;
/// after that every truncation is reported again.
/// </summary>
public sealed class TruncationReport
{
    /// <summary>How many distinct prompts are remembered.</summary>
    public const int Capacity = 16_384;

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when <paramref name="prompt"/> has not been reported yet (and now counts as reported).</summary>
    public bool IsNew(string prompt)
    {
        lock (_lock)
        {
            if (_reported.Count >= Capacity) return true;
            return _reported.Add(prompt);
        }
    }
}
