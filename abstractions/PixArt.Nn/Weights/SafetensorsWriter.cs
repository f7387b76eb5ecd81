using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>Writes safetensors files: written to a temporary file, flushed, then renamed over the target.</summary>
public static class SafetensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> (any device, any supported dtype) to <paramref name="path"/> in key order.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var keys = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var key in keys)
        {
            var t = tensors[key];
            var length = t.numel() * SafetensorsDTypes.ElementSize(t.dtype);
            header[key] = new { dtype = SafetensorsDTypes.Name(t.dtype), shape = t.shape, data_offsets = new[] { offset, offset + length } };
            offset += length;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        var padded = (json.Length + 7) / 8 * 8; // the format allows trailing spaces; 8-byte alignment helps mmap readers
        var headerBytes = new byte[padded];
        Array.Fill(headerBytes, (byte)' ');
        json.CopyTo(headerBytes, 0);

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                stream.Write(BitConverter.GetBytes((long)padded));
                stream.Write(headerBytes);
                foreach (var key in keys)
                {
                    using var cpu = tensors[key].detach().to(CPU).contiguous();
                    WriteBytes(stream, cpu);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static void WriteBytes(Stream stream, Tensor cpu)
    {
        if (cpu.numel() == 0) return;
        var length = cpu.numel() * SafetensorsDTypes.ElementSize(cpu.dtype);
        if (length <= int.MaxValue)
        {
            stream.Write(cpu.bytes);
            return;
        }
        using var flat = cpu.view(-1);
        var perChunk = (1L << 30) / SafetensorsDTypes.ElementSize(cpu.dtype);
        for (long start = 0; start < flat.shape[0]; start += perChunk)
        {
            using var slice = flat.narrow(0, start, Math.Min(perChunk, flat.shape[0] - start));
            stream.Write(slice.bytes);
        }
    }
}
