using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>One line of <c>captions.jsonl</c>: one image with its caption, class, split and metadata.</summary>
/// <param name="File">Image path relative to the dataset folder, <c>/</c>-separated: <c>images/&lt;style&gt;/&lt;unified&gt;.png</c>.</param>
/// <param name="Caption">Dense caption.</param>
/// <param name="Class">Class index (<c>classes.json</c>).</param>
/// <param name="Split"><c>train</c> or <c>eval</c>.</param>
/// <param name="Style">Style id: <c>twemoji</c> or <c>noto</c>.</param>
/// <param name="Name">Cleaned lower-case emoji name (the caption's first part).</param>
/// <param name="ShortNames">Slack-style short names as in the metadata.</param>
/// <param name="Category">Unicode emoji category.</param>
/// <param name="Subcategory">Unicode emoji subcategory (the class name).</param>
/// <param name="SkinTone">Tone id (<c>light</c> … <c>dark</c>, <c>light/dark</c> for mixed pairs), or null for the base emoji.</param>
/// <param name="Unified">Code points of this image's emoji (variant included), upper-case hex.</param>
/// <param name="BaseUnified">Code points of the base emoji (without skin tone).</param>
/// <param name="Group">Split group key (<see cref="Planning.EmojiSplit.GroupKey"/>); every image of a group has the same split.</param>
/// <param name="SortOrder">The base emoji's position in Unicode's emoji order.</param>
/// <param name="Aesthetic">Member of the stage-3 subset (<see cref="Planning.AestheticRule"/>).</param>
/// <param name="Coverage">Mean source alpha (0 = fully transparent, 1 = opaque square), 4 decimals.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
public sealed record EmojiDatasetRecord(
    string File,
    string Caption,
    int Class,
    string Split,
    string Style,
    string Name,
    IReadOnlyList<string> ShortNames,
    string Category,
    string Subcategory,
    string? SkinTone,
    string Unified,
    string BaseUnified,
    string Group,
    int SortOrder,
    bool Aesthetic,
    double Coverage,
    int Width,
    int Height)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record as one JSON line (fixed key order, no trailing newline).</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("file", File);
            w.WriteString("caption", Caption);
            w.WriteNumber("class", Class);
            w.WriteString("split", Split);
            w.WriteString("style", Style);
            w.WriteString("name", Name);
            w.WriteStartArray("short_names");
            foreach (var s in ShortNames) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteString("category", Category);
            w.WriteString("subcategory", Subcategory);
            if (SkinTone is null) w.WriteNull("skin_tone"); else w.WriteString("skin_tone", SkinTone);
            w.WriteString("unified", Unified);
            w.WriteString("base_unified", BaseUnified);
            w.WriteString("group", Group);
            w.WriteNumber("sort_order", SortOrder);
            w.WriteBoolean("aesthetic", Aesthetic);
            w.WriteNumber("coverage", Math.Round(Coverage, 4));
            w.WriteNumber("width", Width);
            w.WriteNumber("height", Height);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses one line; <paramref name="where"/> (e.g. <c>captions.jsonl:12</c>) names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a JSON object, or a field is missing or of the wrong type.</exception>
    public static EmojiDatasetRecord Parse(string line, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where}: not a JSON object");
            return new EmojiDatasetRecord(
                Str(o, "file", where), Str(o, "caption", where), Int(o, "class", where), Str(o, "split", where),
                Str(o, "style", where), Str(o, "name", where),
                Get(o, "short_names", JsonValueKind.Array, where).EnumerateArray().Select(e =>
                    e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidDataException($"{where}: 'short_names' must hold strings")).ToList(),
                Str(o, "category", where), Str(o, "subcategory", where),
                o.TryGetProperty("skin_tone", out var tone) && tone.ValueKind == JsonValueKind.String ? tone.GetString()
                    : tone.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null
                    : throw new InvalidDataException($"{where}: 'skin_tone' must be a string or null"),
                Str(o, "unified", where), Str(o, "base_unified", where), Str(o, "group", where), Int(o, "sort_order", where),
                Get(o, "aesthetic", JsonValueKind.True, where, JsonValueKind.False).GetBoolean(),
                Get(o, "coverage", JsonValueKind.Number, where).GetDouble(),
                Int(o, "width", where), Int(o, "height", where));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: not valid JSON ({e.Message})", e);
        }
    }

    private static JsonElement Get(JsonElement o, string key, JsonValueKind kind, string where, JsonValueKind? alternative = null)
    {
        if (!o.TryGetProperty(key, out var value)) throw new InvalidDataException($"{where}: missing '{key}'");
        if (value.ValueKind != kind && value.ValueKind != alternative)
            throw new InvalidDataException($"{where}: '{key}' must be {(alternative is null ? kind.ToString().ToLowerInvariant() : "a boolean")}, not {value.ValueKind.ToString().ToLowerInvariant()}");
        return value;
    }

    private static string Str(JsonElement o, string key, string where) => Get(o, key, JsonValueKind.String, where).GetString()!;

    private static int Int(JsonElement o, string key, string where) =>
        Get(o, key, JsonValueKind.Number, where).TryGetInt32(out var v) ? v : throw new InvalidDataException($"{where}: '{key}' must be an integer");
}
