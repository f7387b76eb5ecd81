using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace PixArt.Hosting.Images;

/// <summary>Writes images as PNG with the generation parameters as <c>tEXt</c> chunks, and reads them back.</summary>
public static class PngImageWriter
{
    /// <summary>Encodes <paramref name="pixels"/> (<c>[3, H, W]</c> in [0, 1]) with <paramref name="textChunks"/> as text chunks, in order.</summary>
    public static byte[] Encode(Tensor pixels, IEnumerable<KeyValuePair<string, string>> textChunks)
    {
        if (pixels.dim() != 3 || pixels.shape[0] != 3)
            throw new ArgumentException($"expected pixels [3, H, W], got [{string.Join(", ", pixels.shape)}]", nameof(pixels));
        int height = (int)pixels.shape[1], width = (int)pixels.shape[2];
        using var scope = NewDisposeScope();
        var bytes = pixels.detach().to(ScalarType.Float32, CPU).mul(255).round().clamp(0, 255).to(ScalarType.Byte).permute(1, 2, 0).contiguous();
        using var image = Image.LoadPixelData<Rgb24>(bytes.bytes, width, height);
        var png = image.Metadata.GetPngMetadata();
        foreach (var (key, value) in textChunks) png.TextData.Add(new PngTextData(key, value, "", ""));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb, TextCompressionThreshold = int.MaxValue });
        return stream.ToArray();
    }

    /// <summary>The text chunks of a PNG file; throws naming the file when it is not a readable PNG.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadParameters(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        if (!FileKind.IsRegularFile(path)) throw new InvalidDataException($"{path}: not a regular file (a device or pipe); expected a PNG file");
        try
        {
            var info = Image.Identify(path) ?? throw new InvalidDataException($"{path}: not a PNG image");
            return info.Metadata.GetPngMetadata().TextData.Select(t => new KeyValuePair<string, string>(t.Keyword, t.Value)).ToList();
        }
        catch (UnknownImageFormatException)
        {
            throw new InvalidDataException($"{path}: not a PNG image");
        }
        catch (ImageFormatException e)
        {
            throw new InvalidDataException($"{path}: not a readable PNG image ({e.Message.TrimEnd('.')})", e);
        }
    }
}
