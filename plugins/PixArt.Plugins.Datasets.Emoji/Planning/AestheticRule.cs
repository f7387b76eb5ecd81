namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>
/// The stage-3 ("aesthetic") subset: pictorial emoji drawn well in both styles. An emoji variant is in it when
/// (1) its category is not <c>Flags</c> or <c>Symbols</c> (flags are fine-detail rectangles at 64 px; symbols are
/// glyphs, letters, keycaps, arrows and signs on tiles, not pictures); (2) both styles have its image, so the subset
/// never teaches one style alone; (3) in both styles the mean alpha of the source image is at least
/// <see cref="MinCoverage"/>: near-empty images (in 16.0.0 only the deliberately faint "dotted line face" and the
/// hairline "probing cane") drop out. Coverage is recorded per image, so a stricter cut can be made later without
/// rebuilding; it is not used more strongly here because thin full-body figures (walking, running people) have
/// coverage 0.15–0.25 and are good pictures.
/// The flag is the same for both styles of a variant.
/// </summary>
public static class AestheticRule
{
    /// <summary>Categories never in the subset.</summary>
    public static readonly IReadOnlySet<string> ExcludedCategories = new HashSet<string>(StringComparer.Ordinal) { "Flags", "Symbols" };

    /// <summary>Minimum mean alpha (0–1) of the source image, in every style.</summary>
    public const double MinCoverage = 0.10;

    /// <summary>Applies the rule to one emoji variant given its category and the coverage of each style's image that exists.</summary>
    public static bool IsAesthetic(string category, IReadOnlyCollection<double> coverageByStyle, int styleCount) =>
        !ExcludedCategories.Contains(category)
        && coverageByStyle.Count == styleCount
        && coverageByStyle.All(c => c >= MinCoverage);
}
