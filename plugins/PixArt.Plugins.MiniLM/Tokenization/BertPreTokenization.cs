using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace PixArt.Plugins.MiniLM.Tokenization;

/// <summary>
/// BERT's basic-tokenizer split (google-research/bert <c>tokenization.py</c>, transformers' <c>BasicTokenizer</c>): words are
/// runs of characters that are neither whitespace nor punctuation, and every punctuation character is a word of its own,
/// where punctuation is Unicode category P* plus all printable non-alphanumeric ASCII (<c>$ + &lt; = &gt; ^ ` | ~</c> are symbols,
/// not punctuation, in Unicode). Microsoft.ML.Tokenizers 2.0's own BERT pre-tokenizer (<c>\w+|\p{P}</c>) deletes symbol
/// characters and keeps <c>_</c> inside words (dotnet/machinelearning#7725), and its normalizer deletes <c>\t \n \r</c> instead
/// of treating them as spaces (#7724) and keeps format characters (zero-width space, soft hyphen) that BERT removes; this
/// class supplies the pattern and those two cleaning rules, the library does the rest (lower-casing, accent stripping, CJK
/// spacing, special tokens, WordPiece).
/// </summary>
internal static partial class BertPreTokenization
{
    private const string Punctuation = @"\p{P}!-/:-@\[-`{-~";

    [GeneratedRegex($"[^\\s{Punctuation}]+|[{Punctuation}]", RegexOptions.CultureInvariant)]
    private static partial Regex WordOrPunctuation();

    /// <summary>The pre-tokenizer, splitting out <paramref name="specialTokens"/> (as they look after normalization) first.</summary>
    public static PreTokenizer Create(IReadOnlyDictionary<string, int> specialTokens) => new RegexPreTokenizer(WordOrPunctuation(), specialTokens);

    /// <summary>
    /// The part of BERT's <c>_clean_text</c> the library gets wrong, applied before its normalizer: tab, line feed and carriage
    /// return become spaces (<c>_is_whitespace</c>); every other code point of a Unicode "C" category (control, format,
    /// private use, unassigned, lone surrogate) and U+FFFD are removed (<c>_is_control</c>).
    /// </summary>
    public static string CleanText(string text)
    {
        if (!NeedsCleaning(text)) return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            i += used;
            if (status != OperationStatus.Done || rune.Value == 0xFFFD) continue;
            if (rune.Value is '\t' or '\n' or '\r') builder.Append(' ');
            else if (!IsOtherCategory(Rune.GetUnicodeCategory(rune))) builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
            if (c == '\uFFFD' || char.IsSurrogate(c) || IsOtherCategory(char.GetUnicodeCategory(c))) return true;
        return false;
    }

    private static bool IsOtherCategory(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;
}
