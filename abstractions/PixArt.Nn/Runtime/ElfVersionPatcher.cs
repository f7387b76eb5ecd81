using System.Text;

namespace PixArt.Nn.Runtime;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library as weak (<c>VER_FLG_WEAK</c>), so the dynamic
/// loader accepts a system library that lacks that version. Used for <c>GLIBCXX_3.4.32</c>: TorchSharp's bridge asks
/// for it only for <c>std::ios_base_library_init()</c>, a marker symbol GCC 13 emits and nothing calls.
/// </summary>
internal static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>
    /// Returns a copy of <paramref name="elf"/> with the requirement <paramref name="version"/> on <paramref name="library"/>
    /// marked weak, or null when the file has no such requirement. Throws <see cref="InvalidDataException"/> on a non-ELF64 file.
    /// </summary>
    public static byte[]? MarkVersionWeak(byte[] elf, string library, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");
        var copy = (byte[])elf.Clone();
        var sectionTable = (long)BitConverter.ToUInt64(copy, 0x28);
        int entrySize = BitConverter.ToUInt16(copy, 0x3A), count = BitConverter.ToUInt16(copy, 0x3C);
        var patched = false;
        for (var i = 0; i < count; i++)
        {
            var header = checked((int)(sectionTable + (long)i * entrySize));
            if (BitConverter.ToUInt32(copy, header + 4) != ShtGnuVerneed) continue;
            var offset = checked((int)BitConverter.ToUInt64(copy, header + 0x18));
            var stringSection = checked((int)(sectionTable + (long)BitConverter.ToUInt32(copy, header + 0x28) * entrySize));
            var strings = checked((int)BitConverter.ToUInt64(copy, stringSection + 0x18));
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            for (var need = offset; ; )
            {
                int auxCount = BitConverter.ToUInt16(copy, need + 2);
                var file = ReadString(copy, strings + (int)BitConverter.ToUInt32(copy, need + 4));
                var aux = need + (int)BitConverter.ToUInt32(copy, need + 8);
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                for (var k = 0; k < auxCount; k++)
                {
                    if (file == library && ReadString(copy, strings + (int)BitConverter.ToUInt32(copy, aux + 8)) == version)
                    {
                        var flags = (ushort)(BitConverter.ToUInt16(copy, aux + 4) | VerFlagWeak);
                        BitConverter.GetBytes(flags).CopyTo(copy, aux + 4);
                        patched = true;
                    }
                    var nextAux = BitConverter.ToUInt32(copy, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                var next = BitConverter.ToUInt32(copy, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        return patched ? copy : null;
    }

    /// <summary>True when the requirement is present and already weak.</summary>
    public static bool IsWeak(byte[] elf, string library, string version) => MarkVersionWeak(elf, library, version) is { } c && c.AsSpan().SequenceEqual(elf);

    private static string ReadString(byte[] data, int start)
    {
        var end = Array.IndexOf(data, (byte)0, start);
        return Encoding.ASCII.GetString(data, start, end - start);
    }
}
