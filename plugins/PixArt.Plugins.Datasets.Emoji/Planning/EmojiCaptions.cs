using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>
/// Dense captions from the metadata, most important concept first, comma-separated:
/// <c>name, [skin tone], style, [short names…], subcategory, category</c>, e.g.
/// <c>grinning cat face with smiling eyes, twemoji style, smile cat, cat face, smileys and emotion</c>.
/// The style comes third because with two styles it is the one concept every caption must keep.
/// A caption never exceeds <see cref="MaxWords"/> words; when it would, short names go first (last one first), then the
/// category, then the subcategory; name, skin tone and style are never dropped. Checked against the uncased WordPiece
/// vocabulary all-MiniLM-L6-v2 uses: every caption of the emoji-datasource 16.0.0 build is at most 29 tokens + [CLS] +
/// [SEP], so a 32-token encoder truncates nothing (words of this data take 1.4 pieces on average, up to 5).
/// </summary>
public static partial class EmojiCaptions
{
    /// <summary>Word budget of a caption (commas not counted).</summary>
    public const int MaxWords = 18;

    /// <summary>At most this many short names are kept (after de-duplication).</summary>
    public const int MaxShortNames = 2;

    // Words for abbreviations that WordPiece would only split into fragments.
    private static readonly Dictionary<string, string> SubcategoryWordsOverride = new(StringComparer.Ordinal)
    {
        ["alphanum"] = "letters and numbers",
        ["av-symbol"] = "audio video symbol",
    };

    private static readonly Dictionary<string, string> ShortNameOverride = new(StringComparer.Ordinal)
    {
        ["+1"] = "plus one",
        ["-1"] = "minus one",
    };

    /// <summary>Builds the caption.</summary>
    public static string Build(EmojiCaptionParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var name = CleanName(parts.Name);
        var shortNames = CleanShortNames(parts.ShortNames, name, parts.Subcategory).ToList();
        var subcategory = SubcategoryWords(parts.Subcategory);
        var category = CategoryWords(parts.Category);
        var includeSubcategory = subcategory != name;
        var includeCategory = category != subcategory;

        string Compose()
        {
            var items = new List<string> { name };
            if (parts.SkinToneWords is { Length: > 0 } tone) items.Add(tone);
            items.Add(parts.StylePhrase);
            items.AddRange(shortNames);
            if (includeSubcategory) items.Add(subcategory);
            if (includeCategory) items.Add(category);
            return string.Join(", ", items);
        }

        var caption = Compose();
        while (WordCount(caption) > MaxWords)
        {
            if (shortNames.Count > 0) shortNames.RemoveAt(shortNames.Count - 1);
            else if (includeCategory) includeCategory = false;
            else if (includeSubcategory) includeSubcategory = false;
            else break;   // name + tone + style alone: the longest real one is 17 words
            caption = Compose();
        }
        return caption;
    }

    /// <summary>
    /// Lower-cased name with diacritics removed, <c>&amp;</c> as <c>and</c>, <c>*</c> as <c>asterisk</c>, and every other
    /// character that is not a letter, digit or space (hyphens, colons, commas, brackets, apostrophes) turned into a
    /// space, dots removed (<c>U.S.</c> → <c>us</c>); spaces collapsed. <c>FAMILY: MAN, BOY</c> → <c>family man boy</c>; <c>Côte d’Ivoire Flag</c> → <c>cote d ivoire flag</c>.
    /// </summary>
    public static string CleanName(string raw)
    {
        var text = RemoveDiacritics(raw).ToLowerInvariant()
            .Replace("&", " and ", StringComparison.Ordinal)
            .Replace("*", " asterisk ", StringComparison.Ordinal)
            .Replace(".", "", StringComparison.Ordinal);
        text = NotWordCharacter().Replace(text, " ");
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary>
    /// Short names as words (<c>_</c> and <c>-</c> become spaces), without: those whose words all appear in the name or
    /// in an earlier short name; region codes of country flags (<c>flag-va</c>, <c>gb</c>); ideograph codes
    /// (<c>u7121</c>); at most <see cref="MaxShortNames"/>.
    /// </summary>
    public static IEnumerable<string> CleanShortNames(IEnumerable<string>? raw, string cleanedName, string subcategory)
    {
        var seen = new HashSet<string>(Words(cleanedName), StringComparer.Ordinal);
        var kept = 0;
        foreach (var shortName in raw ?? Array.Empty<string>())
        {
            if (kept == MaxShortNames) yield break;
            if (IdeographCode().IsMatch(shortName)) continue;
            if (subcategory is "country-flag" or "subdivision-flag" && RegionCode().IsMatch(shortName)) continue;
            var words = ShortNameOverride.TryGetValue(shortName, out var replaced) ? replaced : CleanName(shortName.Replace('_', ' '));
            if (words.Length == 0) continue;
            var list = Words(words);
            if (list.All(seen.Contains)) continue;
            foreach (var w in list) seen.Add(w);
            kept++;
            yield return words;
        }
    }

    /// <summary><c>animal-mammal</c> → <c>animal mammal</c>; <c>sky &amp; weather</c> → <c>sky and weather</c>; <c>av-symbol</c> → <c>audio video symbol</c>.</summary>
    public static string SubcategoryWords(string subcategory) =>
        SubcategoryWordsOverride.TryGetValue(subcategory, out var words) ? words : CleanName(subcategory);

    /// <summary><c>Smileys &amp; Emotion</c> → <c>smileys and emotion</c>.</summary>
    public static string CategoryWords(string category) => CleanName(category);

    /// <summary>Words of a caption, commas not counted.</summary>
    public static int WordCount(string caption) => Words(caption).Length;

    private static string[] Words(string text) =>
        text.Split(new[] { ' ', ',' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string RemoveDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(c);
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex("[^a-z0-9 ]")]
    private static partial Regex NotWordCharacter();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex("^u[0-9a-f]{4,5}$")]
    private static partial Regex IdeographCode();

    [GeneratedRegex("^(flag-)?[a-z]{2}$")]
    private static partial Regex RegionCode();
}
