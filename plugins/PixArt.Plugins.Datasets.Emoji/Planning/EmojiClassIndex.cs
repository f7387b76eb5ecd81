using PixArt.Plugins.Datasets.Emoji.Metadata;

namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>
/// Numbers the subcategories: class <c>i</c> is the subcategory whose first emoji comes <c>i</c>-th in Unicode's emoji
/// order (<c>sort_order</c>, which groups emoji by category, then subcategory). The numbering depends only on the set of
/// records, not on their order in the file, and neighbouring classes are related (all faces, then people, …).
/// </summary>
public static class EmojiClassIndex
{
    /// <summary>Categories whose emoji are not pictures on their own and never enter the dataset (the skin-tone swatches).</summary>
    public static readonly IReadOnlySet<string> ExcludedCategories = new HashSet<string>(StringComparer.Ordinal) { "Component" };

    /// <summary>True when the record's category is one the dataset includes.</summary>
    public static bool IsIncluded(EmojiRecord record) => !ExcludedCategories.Contains(record.Category);

    /// <summary>Classes of the included records, by index.</summary>
    /// <exception cref="EmojiDataException">A subcategory name appears under two categories (the class key would be ambiguous).</exception>
    public static IReadOnlyList<EmojiClass> Build(IEnumerable<EmojiRecord> records)
    {
        var groups = records.Where(IsIncluded).GroupBy(r => r.Subcategory, StringComparer.Ordinal).ToList();
        foreach (var g in groups)
        {
            var categories = g.Select(r => r.Category).Distinct().ToList();
            if (categories.Count > 1)
                throw new EmojiDataException($"subcategory '{g.Key}' appears under several categories ({string.Join(", ", categories)}); classes would be ambiguous");
        }
        return groups
            .OrderBy(g => g.Min(r => r.SortOrder))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => new EmojiClass(i, g.Key, g.First().Category, EmojiCaptions.SubcategoryWords(g.Key)))
            .ToList();
    }
}
