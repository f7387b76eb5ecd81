namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>The five Fitzpatrick modifiers and how variants keyed by them are named and chosen.</summary>
public static class SkinTones
{
    private static readonly (string Code, string Id, string Words)[] Tones =
    {
        ("1F3FB", "light", "light"),
        ("1F3FC", "medium-light", "medium light"),
        ("1F3FD", "medium", "medium"),
        ("1F3FE", "medium-dark", "medium dark"),
        ("1F3FF", "dark", "dark"),
    };

    /// <summary>Number of tones.</summary>
    public static int Count => Tones.Length;

    /// <summary>True for a Fitzpatrick modifier code point (<c>1F3FB</c>…<c>1F3FF</c>).</summary>
    public static bool IsModifier(string codePoint) => Array.FindIndex(Tones, t => t.Code == codePoint) >= 0;

    /// <summary>
    /// Describes a <c>skin_variations</c> key: <c>1F3FD</c> → (<c>medium</c>, <c>medium skin tone</c>);
    /// <c>1F3FB-1F3FF</c> → (<c>light/dark</c>, <c>light and dark skin tones</c>); <c>1F3FE-1F3FE</c> counts as uniform.
    /// </summary>
    public static (string Id, string Words, bool Uniform) Describe(string key)
    {
        var parts = key.Split('-');
        var indices = parts.Select(p => Array.FindIndex(Tones, t => t.Code == p)).ToArray();
        if (indices.Length is < 1 or > 2 || indices.Any(i => i < 0))
            throw new ArgumentException($"'{key}' is not a skin-tone key (one or two of 1F3FB..1F3FF)", nameof(key));
        if (indices.Distinct().Count() == 1)
            return (Tones[indices[0]].Id, $"{Tones[indices[0]].Words} skin tone", true);
        return ($"{Tones[indices[0]].Id}/{Tones[indices[1]].Id}", $"{Tones[indices[0]].Words} and {Tones[indices[1]].Words} skin tones", false);
    }

    /// <summary>Tone index (0 = light … 4 = dark) of a uniform key, or -1 for a mixed one.</summary>
    public static int UniformToneIndex(string key)
    {
        var parts = key.Split('-');
        var first = Array.FindIndex(Tones, t => t.Code == parts[0]);
        return parts.All(p => p == parts[0]) ? first : -1;
    }

    /// <summary>
    /// The variant keys <paramref name="selection"/> keeps out of <paramref name="available"/>, in tone order.
    /// <paramref name="rotation"/> is the emoji's rank among the emoji that have skin tones (used by <see cref="SkinToneSelection.OneRotating"/>).
    /// </summary>
    public static IReadOnlyList<string> Select(IEnumerable<string> available, SkinToneSelection selection, int rotation)
    {
        var keys = available.OrderBy(k => k, StringComparer.Ordinal).ToList();   // 1F3FB < 1F3FC < … : tone order
        var uniform = keys.Where(k => UniformToneIndex(k) >= 0).ToList();
        switch (selection)
        {
            case SkinToneSelection.None:
                return Array.Empty<string>();
            case SkinToneSelection.Uniform:
                return uniform;
            case SkinToneSelection.All:
                return keys;
            case SkinToneSelection.OneRotating:
                if (uniform.Count == 0) return Array.Empty<string>();
                var wanted = rotation % Count;
                var match = uniform.FirstOrDefault(k => UniformToneIndex(k) == wanted);
                return new[] { match ?? uniform[rotation % uniform.Count] };
            default:
                throw new ArgumentOutOfRangeException(nameof(selection), selection, null);
        }
    }
}
