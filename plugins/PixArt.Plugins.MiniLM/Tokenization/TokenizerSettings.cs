using System.Text.Json;

namespace PixArt.Plugins.MiniLM.Tokenization;

/// <summary>
/// The BERT basic-tokenizer switches of a Hugging Face <c>tokenizer_config.json</c>. As in transformers, accents are
/// stripped when <c>strip_accents</c> is unset and the text is lower-cased.
/// </summary>
public sealed record TokenizerSettings(bool LowerCase, bool StripAccents, bool TokenizeChineseChars)
{
    /// <summary>all-MiniLM-L6-v2 (uncased): <c>do_lower_case</c> true, <c>strip_accents</c> unset, <c>tokenize_chinese_chars</c> true.</summary>
    public static TokenizerSettings Uncased { get; } = new(LowerCase: true, StripAccents: true, TokenizeChineseChars: true);

    /// <summary>Reads <paramref name="path"/>; missing keys take transformers' <c>BertTokenizer</c> defaults.</summary>
    public static TokenizerSettings FromFile(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.TryGetProperty("tokenizer_class", out var cls) && cls.ValueKind == JsonValueKind.String
            && cls.GetString() is { } name && !name.StartsWith("Bert", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: tokenizer_class '{name}' is not a BERT WordPiece tokenizer (allowed: BertTokenizer, BertTokenizerFast)");
        var lower = Flag(root, "do_lower_case", path) ?? true;
        var strip = Flag(root, "strip_accents", path) ?? lower;
        var chinese = Flag(root, "tokenize_chinese_chars", path) ?? true;
        return new TokenizerSettings(lower, strip, chinese);
    }

    private static bool? Flag(JsonElement root, string name, string path)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new InvalidDataException($"{path}: '{name}' must be true, false or null, not {value.GetRawText()}"),
        };
    }
}
