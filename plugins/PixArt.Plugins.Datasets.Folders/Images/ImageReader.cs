using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>
/// Reads image headers and decodes images within <see cref="ImageLimits"/>: the header is checked before any pixel is
/// decoded (a crafted 100000×100000 header or a decompression bomb is refused without allocating), truncated files are
/// refused (<see cref="ImageCompleteness"/>), and ImageSharp's allocator is capped as a second line of defence.
/// Thread-safe: every call opens its own stream; the configuration is shared read-only.
/// </summary>
internal sealed class ImageReader
{
    private readonly Configuration _configuration;

    public ImageReader(ImageLimits limits)
    {
        Limits = limits;
        _configuration = Configuration.Default.Clone();
        _configuration.MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = limits.AllocationLimitMegabytes });
        SupportedFormats = string.Join(", ", _configuration.ImageFormats.Select(f => f.Name.ToLowerInvariant()).Order(StringComparer.Ordinal));
    }

    public ImageLimits Limits { get; }

    /// <summary>The formats a file may have, for messages (e.g. <c>bmp, gif, jpeg, pbm, png, tga, tiff, webp</c>).</summary>
    public string SupportedFormats { get; }

    /// <summary>The header of <paramref name="path"/>, or why the file cannot be used. Never throws for a bad file.</summary>
    public ImageHeader ReadHeader(string path)
    {
        try
        {
            using var stream = Open(path, 4096);
            if (stream.Length == 0) return ImageHeader.Refused("empty file (0 bytes)");
            var (info, _) = Identify(stream);
            if (info is null) return ImageHeader.Refused($"not an image in a supported format ({SupportedFormats})");
            return Limits.Check(info.Width, info.Height) is { } tooLarge ? ImageHeader.Refused(tooLarge) : new ImageHeader(info.Width, info.Height, null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return ImageHeader.Refused("file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ImageHeader.Refused($"cannot be read ({e.Message})");
        }
        catch (DecoderException e)
        {
            return ImageHeader.Refused($"unreadable image header ({e.InnerException!.Message})");
        }
    }

    /// <summary>
    /// Decodes <paramref name="path"/> as RGBA with every pixel composited over white (alpha 255 afterwards).
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="key"/> and the file when it cannot be decoded.
    /// </summary>
    public Image<Rgba32> Decode(string path, string key)
    {
        try
        {
            using var stream = Open(path, 64 * 1024);
            var (info, format) = Identify(stream);
            if (info is null || format is null) throw Invalid(key, path, $"not an image in a supported format ({SupportedFormats})");
            if (Limits.Check(info.Width, info.Height) is { } tooLarge) throw Invalid(key, path, tooLarge);
            if (ImageCompleteness.Check(stream, format) is { } incomplete) throw Invalid(key, path, incomplete);
            stream.Position = 0;
            Image<Rgba32> image;
            try
            {
                image = Image.Load<Rgba32>(_configuration, stream);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw Invalid(key, path, e.Message, e);
            }
            if (image.Width != info.Width || image.Height != info.Height)
            {
                image.Dispose();
                throw Invalid(key, path, $"decoded {ImageLimits.Size(image.Width, image.Height)} pixels where the header says {ImageLimits.Size(info.Width, info.Height)}");
            }
            Compositing.OverWhite(image);
            return image;
        }
        catch (DecoderException e)
        {
            throw Invalid(key, path, e.InnerException!.Message, e.InnerException);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(key, path, e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message, e);
        }
    }

    private static FileStream Open(string path, int bufferSize) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);

    // Any failure inside ImageSharp's format detection is a property of the file, whatever exception type a decoder uses.
    private (IImageInfo? Info, IImageFormat? Format) Identify(Stream stream)
    {
        try
        {
            var info = Image.Identify(_configuration, stream, out var format);
            return (info, format);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DecoderException(e);
        }
    }

    private static InvalidDataException Invalid(string key, string path, string reason, Exception? inner = null) =>
        new($"{key} ({path}): cannot be decoded: {reason}", inner);

    private sealed class DecoderException(Exception inner) : Exception(inner.Message, inner);
}
