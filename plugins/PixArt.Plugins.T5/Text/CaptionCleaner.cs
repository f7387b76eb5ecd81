using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PixArt.Plugins.T5.Text;

/// <summary>
/// Caption cleaning of the DeepFloyd-IF heritage that PixArt applies before T5 (reference section 5.4), rewritten with
/// .NET regular expressions. The BeautifulSoup and ftfy steps are approximated (see README: "Caption cleaning").
/// </summary>
public static partial class CaptionCleaner
{
    /// <summary>
    /// PixArt's text preprocessing: with <paramref name="clean"/>, <see cref="Clean"/> applied twice; without it,
    /// lower-case and trim (as diffusers does).
    /// </summary>
    public static string Preprocess(string text, bool clean) =>
        clean ? Clean(Clean(text)) : text.ToLowerInvariant().Trim();

    /// <summary>One pass of the cleaning rules.</summary>
    public static string Clean(string caption)
    {
        var c = WebUtility.UrlDecode(caption) ?? "";
        c = c.Trim().ToLowerInvariant();
        c = c.Replace("<person>", "person", StringComparison.Ordinal);
        c = UrlHttp().Replace(c, "");
        c = UrlWww().Replace(c, "");
        c = StripHtml(c);
        c = Handle().Replace(c, "");
        c = Cjk().Replace(c, "");
        c = Dashes().Replace(c, "-");
        c = DoubleQuotes().Replace(c, "\"");
        c = SingleQuotes().Replace(c, "'");
        c = QuotEntity().Replace(c, "");
        c = c.Replace("&amp", "", StringComparison.Ordinal);
        c = IpAddress().Replace(c, " ");
        c = ArticleId().Replace(c, "");
        c = c.Replace("\\n", " ", StringComparison.Ordinal);
        c = ShortHashTag().Replace(c, "");
        c = LongHashTag().Replace(c, "");
        c = LongNumber().Replace(c, "");
        c = FileName().Replace(c, "");
        c = RepeatedQuotes().Replace(c, "\"");
        c = RepeatedDots().Replace(c, " ");
        c = BadPunctuation().Replace(c, " ");
        c = LoneDot().Replace(c, " ");
        if (DashOrUnderscore().Count(c) > 3) c = DashOrUnderscore().Replace(c, " ");
        c = FixText(c);
        c = WebUtility.HtmlDecode(WebUtility.HtmlDecode(c));
        c = ShortCode().Replace(c, "");
        c = LettersDigitsLetters().Replace(c, "");
        c = DigitsLettersDigits().Replace(c, "");
        c = Shipping().Replace(c, "");
        c = Download().Replace(c, "");
        c = ClickFor().Replace(c, "");
        c = ImageWords().Replace(c, "");
        c = PageNumber().Replace(c, "");
        c = MixedCode().Replace(c, " ");
        c = SizeString().Replace(c, "");
        c = SpacedColon().Replace(c, ": ");
        c = PunctuationThenWord().Replace(c, "$1 ");
        c = Whitespace().Replace(c, " ");
        c = WrappingQuotes().Replace(c, "$1");
        c = LeadingPunctuation().Replace(c, "");
        c = TrailingPunctuation().Replace(c, "");
        c = DotWord().Replace(c, "");
        return c.Trim();
    }

    /// <summary>
    /// What BeautifulSoup's <c>html.parser</c> text extraction does to ordinary captions: comments and tags removed,
    /// character references decoded. Text that only looks like a tag (<c>a &lt; b</c>) is kept.
    /// </summary>
    internal static string StripHtml(string text)
    {
        if (text.IndexOf('<') < 0 && text.IndexOf('&') < 0) return text;
        var noComments = HtmlComment().Replace(text, "");
        var noTags = HtmlTag().Replace(noComments, "");
        return WebUtility.HtmlDecode(noTags);
    }

    /// <summary>
    /// A subset of <c>ftfy.fix_text</c>: UTF-8 mis-decoded as Windows-1252/Latin-1 repaired, curly quotes straightened,
    /// Latin ligatures split, full-width ASCII narrowed, line breaks unified, control characters dropped, NFC.
    /// </summary>
    internal static string FixText(string text)
    {
        text = FixMojibake(text);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            switch (ch)
            {
                case '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032': sb.Append('\''); break;
                case '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033': sb.Append('"'); break;
                case '\uFB00': sb.Append("ff"); break;
                case '\uFB01': sb.Append("fi"); break;
                case '\uFB02': sb.Append("fl"); break;
                case '\uFB03': sb.Append("ffi"); break;
                case '\uFB04': sb.Append("ffl"); break;
                case '\uFB05' or '\uFB06': sb.Append("st"); break;
                case >= '\uFF01' and <= '\uFF5E': sb.Append((char)(ch - 0xFF01 + 0x21)); break;
                case '\u3000': sb.Append(' '); break;
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                    break;
                case '\u2028' or '\u2029' or '\u0085': sb.Append('\n'); break;
                case (>= '\u0000' and <= '\u0008') or '\u000B' or (>= '\u000E' and <= '\u001F') or '\u007F'
                    or (>= '\u0080' and <= '\u009F') or '\uFEFF' or (>= '\uFFF9' and <= '\uFFFC'):
                    break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    // "cafÃ©" is "café" encoded as UTF-8 and decoded as Windows-1252; re-encode and decode strictly, keep it when valid.
    private static string FixMojibake(string text)
    {
        if (!Mojibake().IsMatch(text)) return text;
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var b = ToWindows1252(text[i]);
            if (b < 0) return text;
            bytes[i] = (byte)b;
        }
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return text;
        }
    }

    private const string Windows1252High = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";

    private static int ToWindows1252(char ch)
    {
        if (ch < 0x80 || (ch >= 0xA0 && ch <= 0xFF)) return ch;
        var index = Windows1252High.IndexOf(ch);
        return ch != '\0' && index >= 0 ? 0x80 + index : -1;
    }

    private const RegexOptions Opts = RegexOptions.CultureInvariant;

    [GeneratedRegex(@"\b((?:https?:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))", Opts)]
    private static partial Regex UrlHttp();
    [GeneratedRegex(@"\b((?:www:(?:\/{1,3}|[a-zA-Z0-9%])|[a-zA-Z0-9.\-]+[.](?:com|co|ru|net|org|edu|gov|it)[\w/-]*\b\/?(?!@)))", Opts)]
    private static partial Regex UrlWww();
    [GeneratedRegex(@"<!--.*?-->", Opts | RegexOptions.Singleline)]
    private static partial Regex HtmlComment();
    [GeneratedRegex(@"</?[a-zA-Z][^<>]*>|<![^<>]*>|<\?[^<>]*>", Opts)]
    private static partial Regex HtmlTag();
    [GeneratedRegex(@"@[\w\d]+\b", Opts)]
    private static partial Regex Handle();
    // CJK strokes, katakana extensions, enclosed CJK, compatibility, extension A, hexagrams, unified ideographs.
    [GeneratedRegex(@"[\u31c0-\u31ef\u31f0-\u31ff\u3200-\u32ff\u3300-\u33ff\u3400-\u4dbf\u4dc0-\u4dff\u4e00-\u9fff]+", Opts)]
    private static partial Regex Cjk();
    [GeneratedRegex(@"[\u002D\u058A\u05BE\u1400\u1806\u2010-\u2015\u2E17\u2E1A\u2E3A\u2E3B\u2E40\u301C\u3030\u30A0\uFE31\uFE32\uFE58\uFE63\uFF0D]+", Opts)]
    private static partial Regex Dashes();
    [GeneratedRegex("[`´«»“”¨]", Opts)]
    private static partial Regex DoubleQuotes();
    [GeneratedRegex("[‘’]", Opts)]
    private static partial Regex SingleQuotes();
    [GeneratedRegex("&quot;?", Opts)]
    private static partial Regex QuotEntity();
    [GeneratedRegex(@"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}", Opts)]
    private static partial Regex IpAddress();
    [GeneratedRegex(@"\d:\d\d\s+$", Opts)]
    private static partial Regex ArticleId();
    [GeneratedRegex(@"#\d{1,3}\b", Opts)]
    private static partial Regex ShortHashTag();
    [GeneratedRegex(@"#\d{5,}\b", Opts)]
    private static partial Regex LongHashTag();
    [GeneratedRegex(@"\b\d{6,}\b", Opts)]
    private static partial Regex LongNumber();
    [GeneratedRegex(@"[\S]+\.(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)", Opts)]
    private static partial Regex FileName();
    [GeneratedRegex("[\"']{2,}", Opts)]
    private static partial Regex RepeatedQuotes();
    [GeneratedRegex(@"[\.]{2,}", Opts)]
    private static partial Regex RepeatedDots();
    [GeneratedRegex(@"[#®•©™&@·º½¾¿¡§~\)\(\]\[\}\{\|\\\/\*]{1,}", Opts)]
    private static partial Regex BadPunctuation();
    [GeneratedRegex(@"\s+\.\s+", Opts)]
    private static partial Regex LoneDot();
    [GeneratedRegex(@"(?:\-|_)", Opts)]
    private static partial Regex DashOrUnderscore();
    [GeneratedRegex(@"\b[a-zA-Z]{1,3}\d{3,15}\b", Opts)]
    private static partial Regex ShortCode();
    [GeneratedRegex(@"\b[a-zA-Z]+\d+[a-zA-Z]+\b", Opts)]
    private static partial Regex LettersDigitsLetters();
    [GeneratedRegex(@"\b\d+[a-zA-Z]+\d+\b", Opts)]
    private static partial Regex DigitsLettersDigits();
    [GeneratedRegex(@"(worldwide\s+)?(free\s+)?shipping", Opts)]
    private static partial Regex Shipping();
    [GeneratedRegex(@"(free\s)?download(\sfree)?", Opts)]
    private static partial Regex Download();
    [GeneratedRegex(@"\bclick\b\s(?:for|on)\s\w+", Opts)]
    private static partial Regex ClickFor();
    [GeneratedRegex(@"\b(?:png|jpg|jpeg|bmp|webp|eps|pdf|apk|mp4)(\simage[s]?)?", Opts)]
    private static partial Regex ImageWords();
    [GeneratedRegex(@"\bpage\s+\d+\b", Opts)]
    private static partial Regex PageNumber();
    [GeneratedRegex(@"\b\d*[a-zA-Z]+\d+[a-zA-Z]+\d+[a-zA-Z\d]*\b", Opts)]
    private static partial Regex MixedCode();
    [GeneratedRegex(@"\b\d+\.?\d*[xх×]\d+\.?\d*\b", Opts)]
    private static partial Regex SizeString();
    [GeneratedRegex(@"\b\s+\:\s+", Opts)]
    private static partial Regex SpacedColon();
    [GeneratedRegex(@"(\D[,\./])\b", Opts)]
    private static partial Regex PunctuationThenWord();
    [GeneratedRegex(@"\s+", Opts)]
    private static partial Regex Whitespace();
    [GeneratedRegex(@"^[""']([\w\W]+)[""']$", Opts)]
    private static partial Regex WrappingQuotes();
    [GeneratedRegex(@"^['_,\-:;]", Opts)]
    private static partial Regex LeadingPunctuation();
    [GeneratedRegex(@"['_,\-:\-+]$", Opts)]
    private static partial Regex TrailingPunctuation();
    [GeneratedRegex(@"^\.\S+$", Opts)]
    private static partial Regex DotWord();
    [GeneratedRegex("[ÃÂâ][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2122]", Opts)]
    private static partial Regex Mojibake();
}
