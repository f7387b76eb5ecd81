using System.Globalization;
using System.Text;

namespace PixArt.Cli;

/// <summary>
/// Text from outside (PNG metadata, file names, user values echoed in errors) made safe to print: control characters
/// (C0, DEL, C1: ESC sequences could recolour or rewrite the terminal), the bidirectional controls that reorder what is
/// shown (U+202A–U+202E, U+2066–U+2069, marks) and the Unicode line separators become visible escapes: <c>\n</c>,
/// <c>\t</c>, <c>\r</c>, <c>\e</c>, <c>\u202E</c>. Joiners stay (emoji sequences use them); a backslash is printed as
/// is, so ordinary paths and prompts read unchanged.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (!text.Any(NeedsEscape)) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!NeedsEscape(c)) { sb.Append(c); continue; }
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\x1b' => "\\e",
                _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
            });
        }
        return sb.ToString();
    }

    /// <summary>Escapes every line of a multi-line message but keeps its line breaks (problem lists).</summary>
    public static string EscapeLines(string text) => string.Join('\n', text.Split('\n').Select(Escape));

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C' or '\u2028' or '\u2029';
}
