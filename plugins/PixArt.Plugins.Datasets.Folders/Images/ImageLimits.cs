using System.Globalization;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>How large an image may be (from <see cref="FolderDatasetOptions.MaxImageSide"/> and <see cref="FolderDatasetOptions.MaxImagePixels"/>).</summary>
/// <param name="MaxSide">Largest width or height.</param>
/// <param name="MaxPixels">Largest width × height.</param>
internal readonly record struct ImageLimits(int MaxSide, long MaxPixels)
{
    public static ImageLimits From(FolderDatasetOptions options) => new(options.MaxImageSide, options.MaxImagePixels);

    /// <summary>Why an image of <paramref name="width"/> × <paramref name="height"/> is refused, or null when it fits.</summary>
    public string? Check(int width, int height)
    {
        if (width < 1 || height < 1) return $"{Size(width, height)} pixels: the image has no pixels";
        if (width > MaxSide || height > MaxSide)
            return $"{Size(width, height)} pixels: a side exceeds MaxImageSide {MaxSide.ToString(CultureInfo.InvariantCulture)}";
        if ((long)width * height > MaxPixels)
            return $"{Size(width, height)} pixels: more than MaxImagePixels {MaxPixels.ToString(CultureInfo.InvariantCulture)}";
        return null;
    }

    /// <summary>ImageSharp's per-buffer allocation limit: an RGBA image at the pixel limit, plus room for decoder padding.</summary>
    public int AllocationLimitMegabytes => (int)Math.Min(int.MaxValue, MaxPixels * 4 * 5 / 4 / (1024 * 1024) + 16);

    public static string Size(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");
}
