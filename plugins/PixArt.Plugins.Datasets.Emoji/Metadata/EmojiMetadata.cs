using System.Text.Json;
using System.Text.RegularExpressions;

namespace PixArt.Plugins.Datasets.Emoji.Metadata;

/// <summary>Reads and checks emoji-datasource's <c>emoji.json</c>.</summary>
public static partial class EmojiMetadata
{
    /// <summary>Parses <c>emoji.json</c> text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="EmojiDataException">The text is not a JSON array of emoji records, or a record lacks a required field.</exception>
    public static IReadOnlyList<EmojiRecord> Parse(string json, string source)
    {
        List<EmojiRecord>? records;
        try
        {
            records = JsonSerializer.Deserialize<List<EmojiRecord>>(json);
        }
        catch (JsonException e)
        {
            throw new EmojiDataException($"{source}: not emoji-datasource metadata ({e.Message})", e);
        }
        if (records is null || records.Count == 0)
            throw new EmojiDataException($"{source}: no emoji records");
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var problem = string.IsNullOrWhiteSpace(r.Name) ? "has no name"
                : !CodePoints().IsMatch(r.Unified) ? $"has a malformed 'unified' ('{r.Unified}')"
                : !ImageName().IsMatch(r.Image) ? $"has an unexpected image name ('{r.Image}')"
                : string.IsNullOrWhiteSpace(r.Category) || string.IsNullOrWhiteSpace(r.Subcategory) ? "has no category or subcategory"
                : r.SkinVariations?.Where(v => !CodePoints().IsMatch(v.Key) || !CodePoints().IsMatch(v.Value.Unified) || !ImageName().IsMatch(v.Value.Image))
                    .Select(v => $"has a malformed skin variation '{v.Key}'").FirstOrDefault();
            if (problem is not null)
                throw new EmojiDataException($"{source}: record {i} ({r.Unified}) {problem}");
        }
        return records;
    }

    /// <summary>Reads and parses the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<EmojiRecord> Load(string path)
    {
        if (!File.Exists(path)) throw new EmojiDataException($"{path}: emoji metadata not found");
        return Parse(File.ReadAllText(path), path);
    }

    // Image names are used as file names: lower-case hex code points only, so nothing can point outside the image folder.
    [GeneratedRegex("^[0-9a-f]{2,6}(-[0-9a-f]{2,6})*\\.png$")]
    private static partial Regex ImageName();

    [GeneratedRegex("^[0-9A-F]{2,6}(-[0-9A-F]{2,6})*$")]
    private static partial Regex CodePoints();
}
