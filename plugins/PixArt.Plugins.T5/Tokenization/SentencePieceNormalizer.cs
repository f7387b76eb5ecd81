using System.Text;

namespace PixArt.Plugins.T5.Tokenization;

/// <summary>
/// Text → normalized UTF-8 bytes the way SentencePiece's <c>Normalizer</c> does it: apply the model's character map
/// (longest match first), drop leading whitespace, collapse whitespace runs, drop trailing whitespace, add the dummy
/// prefix and escape spaces as U+2581 (▁), each as the model's <c>NormalizerSpec</c> says.
/// </summary>
internal sealed class SentencePieceNormalizer
{
    private static readonly byte[] SpaceSymbol = Encoding.UTF8.GetBytes("\u2581");
    private static readonly byte[] ReplacementChar = Encoding.UTF8.GetBytes("\uFFFD");
    private readonly SentencePieceModel _model;
    private readonly PrecompiledCharsMap? _map;
    private readonly bool _dotnetNfkc;

    public SentencePieceNormalizer(SentencePieceModel model)
    {
        _model = model;
        if (model.PrecompiledCharsMap.Length > 0) _map = PrecompiledCharsMap.Parse(model.PrecompiledCharsMap);
        // A model naming an NFKC rule but carrying no compiled map: approximate with .NET's NFKC (see README).
        else _dotnetNfkc = model.NormalizerName.Contains("nfkc", StringComparison.OrdinalIgnoreCase);
    }

    public byte[] Normalize(string text)
    {
        if (_dotnetNfkc) text = NfkcFallback(text);
        ReadOnlySpan<byte> input = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(input.Length + 8);
        var removeExtra = _model.RemoveExtraWhitespaces;

        if (removeExtra)
        {
            while (!input.IsEmpty)
            {
                var consumed = NormalizePrefix(input, out var piece);
                if (!(piece.Length == 1 && piece[0] == (byte)' ')) break;
                input = input[consumed..];
            }
        }
        if (input.IsEmpty) return Array.Empty<byte>();

        if (!_model.TreatWhitespaceAsSuffix && _model.AddDummyPrefix) AddWhitespace(output);
        var previousIsSpace = removeExtra;
        while (!input.IsEmpty)
        {
            var consumed = NormalizePrefix(input, out var piece);
            // A replacement starting with spaces right after a space contributes only its remainder.
            while (previousIsSpace && !piece.IsEmpty && piece[0] == (byte)' ') piece = piece[1..];
            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (_model.EscapeWhitespaces && b == (byte)' ') output.AddRange(SpaceSymbol);
                    else output.Add(b);
                }
                previousIsSpace = piece[^1] == (byte)' ';
            }
            input = input[consumed..];
            if (!removeExtra) previousIsSpace = false;
        }

        if (removeExtra)
        {
            var space = _model.EscapeWhitespaces ? SpaceSymbol : new[] { (byte)' ' };
            while (output.Count >= space.Length && EndsWith(output, space)) output.RemoveRange(output.Count - space.Length, space.Length);
        }
        if (_model.TreatWhitespaceAsSuffix && _model.AddDummyPrefix) AddWhitespace(output);
        return output.ToArray();
    }

    private void AddWhitespace(List<byte> output)
    {
        if (_model.EscapeWhitespaces) output.AddRange(SpaceSymbol);
        else output.Add((byte)' ');
    }

    private int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> piece)
    {
        if (_map is not null)
        {
            var length = _map.LongestMatch(input, out piece);
            if (length > 0) return length;
        }
        var charLength = Utf8CharLength(input);
        // Malformed UTF-8 becomes U+FFFD, one byte at a time, as SentencePiece does.
        piece = charLength == 0 ? ReplacementChar : input[..charLength];
        return charLength == 0 ? 1 : charLength;
    }

    /// <summary>Length of the valid UTF-8 character at the start of <paramref name="s"/>, or 0 when malformed.</summary>
    internal static int Utf8CharLength(ReadOnlySpan<byte> s)
    {
        var status = System.Text.Rune.DecodeFromUtf8(s, out _, out var consumed);
        return status == System.Buffers.OperationStatus.Done ? consumed : 0;
    }

    private static bool EndsWith(List<byte> output, byte[] suffix)
    {
        for (var i = 0; i < suffix.Length; i++)
            if (output[output.Count - suffix.Length + i] != suffix[i]) return false;
        return true;
    }

    /// <summary>NFKC plus SentencePiece's NMT rules (control characters dropped, space-like characters made spaces).</summary>
    internal static string NfkcFallback(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var c = rune.Value;
            if (c is (>= 0x00 and <= 0x08) or 0x0B or (>= 0x0E and <= 0x1F) or 0x7F or 0x8F or 0x9F) continue;
            if (c is 0x09 or 0x0A or 0x0C or 0x0D or 0x1680 or (>= 0x200B and <= 0x200F) or 0x2028 or 0x2029
                or 0x2581 or 0xFEFF or 0xFFFD) { sb.Append(' '); continue; }
            sb.Append(rune.ToString());
        }
        return sb.ToString().Normalize(NormalizationForm.FormKC);
    }
}
