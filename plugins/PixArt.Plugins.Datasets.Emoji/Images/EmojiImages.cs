using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Emoji.Images;

/// <summary>
/// Decoding, checking, compositing and encoding of the emoji PNGs. The packages come from a pinned npm version, so the
/// input is trusted, but it is still validated before decoding: PNG only (no other decoder is registered), at most
/// <see cref="MaxSourceBytes"/> bytes, header dimensions checked before the pixels are decoded, and an allocation
/// limit on the decoder's memory, so a corrupt or swapped file fails with its name instead of exhausting memory.
/// </summary>
public static class EmojiImages
{
    /// <summary>Largest accepted source file (the real ones are 1–11 KB).</summary>
    public const int MaxSourceBytes = 256 * 1024;

    /// <summary>Largest accepted width or height of a source image.</summary>
    public const int MaxSourceDimension = 512;

    private static readonly Configuration Decoding = CreateDecodingConfiguration();

    private static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.BestCompression,
        InterlaceMethod = PngInterlaceMode.None,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    private static Configuration CreateDecodingConfiguration() => new(new PngConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 16 }),
        MaxDegreeOfParallelism = 1,
    };

    /// <summary>Reads and validates a source PNG of exactly <paramref name="expectedSize"/>² pixels.</summary>
    /// <exception cref="EmojiDataException">The file is missing, too large, not a PNG, of another size, or corrupt.</exception>
    public static Image<Rgba32> LoadSource(string path, int expectedSize)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new EmojiDataException($"{path}: image not found (the package looks incomplete; delete its cache folder and rebuild)");
        if (info.Length > MaxSourceBytes) throw new EmojiDataException($"{path}: {info.Length} bytes, more than the {MaxSourceBytes} an emoji image may have");
        var bytes = File.ReadAllBytes(path);
        try
        {
            var header = Image.Identify(Decoding, bytes, out var format);
            if (header is null || format is not PngFormat) throw new EmojiDataException($"{path}: not a PNG image");
            if (header.Width > MaxSourceDimension || header.Height > MaxSourceDimension || header.Width != expectedSize || header.Height != expectedSize)
                throw new EmojiDataException($"{path}: {header.Width}x{header.Height} pixels, expected {expectedSize}x{expectedSize}");
            return Image.Load<Rgba32>(Decoding, bytes);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or NotSupportedException)
        {
            throw new EmojiDataException($"{path}: unreadable PNG ({e.Message})", e);
        }
    }

    /// <summary>
    /// Composites straight-alpha RGBA over opaque white: <c>out = (c·a + 255·(255 − a)) / 255</c>, rounded, per channel.
    /// A transparent pixel becomes white; an opaque one keeps its colour.
    /// </summary>
    public static Image<Rgb24> CompositeOnWhite(Image<Rgba32> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new Image<Rgb24>(source.Width, source.Height);
        for (var y = 0; y < source.Height; y++)
        {
            var from = source.DangerousGetPixelRowMemory(y).Span;
            var to = result.DangerousGetPixelRowMemory(y).Span;
            for (var x = 0; x < from.Length; x++)
            {
                var p = from[x];
                to[x] = new Rgb24(Over(p.R, p.A), Over(p.G, p.A), Over(p.B, p.A));
            }
        }
        return result;
    }

    /// <summary>Mean alpha of the image in [0, 1]: how much of the square the emoji covers.</summary>
    public static double Coverage(Image<Rgba32> source)
    {
        ArgumentNullException.ThrowIfNull(source);
        long sum = 0;
        for (var y = 0; y < source.Height; y++)
            foreach (var p in source.DangerousGetPixelRowMemory(y).Span) sum += p.A;
        return sum / (255.0 * source.Width * source.Height);
    }

    /// <summary>Encodes as an 8-bit RGB PNG without ancillary chunks (the same pixels always give the same bytes).</summary>
    public static byte[] EncodePng(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var stream = new MemoryStream();
        image.Save(stream, Encoder);
        return stream.ToArray();
    }

    private static byte Over(byte colour, byte alpha) => (byte)((colour * alpha + 255 * (255 - alpha) + 127) / 255);
}
