using System.IO.Compression;
using System.Text;

namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// Hand-made <c>torch.save</c> archives (the pickle written opcode by opcode, as PyTorch writes it) for the checkpoint cases
/// of the battery: a storage that claims more than the file holds, a view outside its storage, legacy files, classes that
/// are not tensors. One tensor <c>w</c> per file unless said otherwise.
/// </summary>
internal static class CraftedPth
{
    public sealed record Tensor(string Key, long Numel, long[] Shape, long[] Stride, long Offset = 0, string Storage = "FloatStorage", string StorageKey = "0");

    /// <summary>Writes a zip archive with one state dict of <paramref name="tensors"/> and storages of <paramref name="storageBytes"/> bytes each.</summary>
    public static void Write(string path, IEnumerable<Tensor> tensors, int storageBytes = 16, string? rootOverride = null, bool includeStorages = true)
    {
        var list = tensors.ToList();
        var pickle = new MemoryStream();
        pickle.Write([0x80, 0x02]);
        if (rootOverride is not null) pickle.Write(Encoding.ASCII.GetBytes(rootOverride));
        else
        {
            pickle.WriteByte((byte)'}');
            pickle.WriteByte((byte)'(');
            foreach (var t in list) WriteTensor(pickle, t);
            pickle.WriteByte((byte)'u');
        }
        pickle.WriteByte((byte)'.');
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        Add(zip, "archive/data.pkl", pickle.ToArray());
        Add(zip, "archive/byteorder", Encoding.ASCII.GetBytes("little"));
        if (includeStorages)
            foreach (var key in list.Select(t => t.StorageKey).Distinct())
                Add(zip, $"archive/data/{key}", new byte[storageBytes]);
        Add(zip, "archive/version", Encoding.ASCII.GetBytes("3\n"));
    }

    /// <summary>A "legacy" (pre-1.6) file: a bare pickle, no zip.</summary>
    public static void WriteLegacy(string path) => File.WriteAllBytes(path, [0x80, 0x02, (byte)'}', (byte)'.']);

    /// <summary>The pickle opcodes of <c>key: torch._utils._rebuild_tensor_v2((storage...), offset, shape, stride, False, OrderedDict())</c>.</summary>
    private static void WriteTensor(Stream s, Tensor t)
    {
        Unicode(s, t.Key);
        Ascii(s, "ctorch._utils\n_rebuild_tensor_v2\n(");
        Ascii(s, "(");
        Unicode(s, "storage");
        Ascii(s, $"ctorch\n{t.Storage}\n");
        Unicode(s, t.StorageKey);
        Unicode(s, "cpu");
        Integer(s, t.Numel);
        Ascii(s, "tQ");
        Integer(s, t.Offset);
        Tuple(s, t.Shape);
        Tuple(s, t.Stride);
        s.WriteByte(0x89); // NEWFALSE
        Ascii(s, "ccollections\nOrderedDict\n)R");
        Ascii(s, "tR");
    }

    private static void Tuple(Stream s, long[] values)
    {
        s.WriteByte((byte)'(');
        foreach (var v in values) Integer(s, v);
        s.WriteByte((byte)'t');
    }

    private static void Unicode(Stream s, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        s.WriteByte((byte)'X');
        s.Write(BitConverter.GetBytes(bytes.Length));
        s.Write(bytes);
    }

    private static void Integer(Stream s, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            s.WriteByte((byte)'J');
            s.Write(BitConverter.GetBytes((int)value));
            return;
        }
        var bytes = new System.Numerics.BigInteger(value).ToByteArray(); // little-endian two's complement, as LONG1 wants
        s.WriteByte(0x8a);
        s.WriteByte((byte)bytes.Length);
        s.Write(bytes);
    }

    private static void Ascii(Stream s, string text) => s.Write(Encoding.ASCII.GetBytes(text));

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(content);
    }
}
