using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>
/// Detects truncated files before decoding. ImageSharp 2.1 decodes a PNG cut inside its image data, or a JPEG cut inside
/// its scan, without an error (the missing rows come out blank), where PIL refuses them; so PNG must reach its
/// <c>IEND</c> chunk, JPEG its end-of-image marker, and WebP the length its RIFF header declares. Other formats rely on
/// their decoder's own checks. Only chunk and segment headers are read.
/// </summary>
internal static class ImageCompleteness
{
    /// <summary>Why the file in <paramref name="stream"/> (positioned anywhere) is incomplete, or null.</summary>
    public static string? Check(Stream stream, IImageFormat format) => format switch
    {
        PngFormat => Png(stream),
        JpegFormat => Jpeg(stream),
        WebpFormat => Webp(stream),
        _ => null,
    };

    private static string? Png(Stream stream)
    {
        Span<byte> header = stackalloc byte[8];
        stream.Position = 8; // after the signature, which identification already checked
        while (true)
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
                return "truncated: the file ends before the PNG IEND chunk";
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.ASCII.GetString(header[4..]);
            if (type == "IEND") return null;
            if (length > int.MaxValue) return $"corrupt: PNG chunk '{type}' claims {length} bytes";
            var next = stream.Position + length + 4; // data + CRC
            if (next > stream.Length) return $"truncated: the file ends inside the PNG '{type}' chunk";
            stream.Position = next;
        }
    }

    private static string? Jpeg(Stream stream)
    {
        // Segments are skipped by their length (so a thumbnail's end marker inside APP1 is not taken for the image's);
        // entropy-coded data is scanned byte by byte, where 0xFF is always followed by 0x00 (stuffing) or a marker.
        const string Truncated = "truncated: the file ends before the JPEG end-of-image marker";
        stream.Position = 2; // after SOI
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return Truncated;
            if (b != 0xFF) continue;
            int marker;
            do marker = stream.ReadByte();
            while (marker == 0xFF);
            switch (marker)
            {
                case < 0: return Truncated;
                case 0xD9: return null;                                    // EOI
                case 0x00 or 0x01 or (>= 0xD0 and <= 0xD8): continue;      // stuffing, TEM, RSTn, SOI
            }
            var high = stream.ReadByte();
            var low = stream.ReadByte();
            if (low < 0) return Truncated;
            var length = (high << 8) | low;
            if (length < 2) return $"corrupt: JPEG segment 0xFF{marker:X2} has length {length}";
            var next = stream.Position + length - 2;
            if (next > stream.Length) return $"truncated or corrupt: JPEG segment 0xFF{marker:X2} runs past the end of the file";
            stream.Position = next;
        }
    }

    private static string? Webp(Stream stream)
    {
        Span<byte> header = stackalloc byte[8];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length) return "truncated: no RIFF header";
        var declared = (long)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) + 8;
        return stream.Length < declared ? $"truncated: {stream.Length} bytes where the RIFF header declares {declared}" : null;
    }
}
