using System.Buffers.Binary;

namespace PixArt.Plugins.T5.Tokenization;

/// <summary>
/// SentencePiece's compiled normalization rules (<c>NormalizerSpec.precompiled_charsmap</c>): a Darts double-array
/// trie over UTF-8 byte sequences whose values are offsets into a blob of NUL-terminated replacement strings.
/// Layout: <c>[uint32 trie size in bytes][trie units][replacement strings]</c>. Using the map stored in the model,
/// rather than re-deriving NFKC, reproduces <c>spm_encode</c> exactly, including the NMT-specific rules.
/// </summary>
internal sealed class PrecompiledCharsMap
{
    private readonly uint[] _units;
    private readonly byte[] _normalized;

    private PrecompiledCharsMap(uint[] units, byte[] normalized)
    {
        _units = units;
        _normalized = normalized;
    }

    public static PrecompiledCharsMap Parse(byte[] blob)
    {
        if (blob.Length < 4) throw new FormatException("precompiled_charsmap is shorter than its header");
        var trieSize = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieSize >= blob.Length - 4 + 1 || trieSize % 4 != 0) throw new FormatException("precompiled_charsmap trie size is invalid");
        var units = new uint[trieSize / 4];
        for (var i = 0; i < units.Length; i++) units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        return new PrecompiledCharsMap(units, blob.AsSpan(4 + (int)trieSize).ToArray());
    }

    /// <summary>
    /// The longest rule matching a prefix of <paramref name="input"/>: its length in bytes and the replacement
    /// (UTF-8), or length 0 when no rule applies.
    /// </summary>
    public int LongestMatch(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> replacement)
    {
        replacement = default;
        var bestLength = 0;
        var bestValue = 0;
        // Darts-clone common-prefix search; unit bit layout: label in bits 0-7 (+ bit 31), has-leaf bit 8,
        // offset in bits 10-31 shifted by 8 when bit 9 is set, value in bits 0-30 of a leaf unit.
        uint nodePos = 0;
        var unit = Unit(nodePos);
        nodePos ^= Offset(unit);
        for (var i = 0; i < input.Length; i++)
        {
            var label = input[i];
            nodePos ^= label;
            if (nodePos >= _units.Length) break;
            unit = _units[nodePos];
            if ((unit & ((1u << 31) | 0xFF)) != label) break;
            nodePos ^= Offset(unit);
            if (((unit >> 8) & 1) != 0 && nodePos < _units.Length)
            {
                bestLength = i + 1;
                bestValue = (int)(_units[nodePos] & ((1u << 31) - 1));
            }
        }
        if (bestLength == 0) return 0;
        var rest = _normalized.AsSpan(bestValue);
        var end = rest.IndexOf((byte)0);
        replacement = end < 0 ? rest : rest[..end];
        return bestLength;
    }

    private uint Unit(uint pos) => pos < _units.Length ? _units[pos] : 0;

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
