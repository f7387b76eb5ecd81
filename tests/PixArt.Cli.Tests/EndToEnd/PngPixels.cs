using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>Pixel-level views of written PNGs: a hash of the RGB bytes and the mean difference of two images.</summary>
internal static class PngPixels
{
    public static byte[] Rgb(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        var bytes = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(bytes);
        return bytes;
    }

    /// <summary>SHA-256 of the RGB bytes in row order (the metadata chunks are not part of it).</summary>
    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(Rgb(path))).ToLowerInvariant();

    /// <summary>Mean absolute difference in grey levels (0–255) over every channel of every pixel.</summary>
    public static double MeanDifference(string a, string b)
    {
        var (x, y) = (Rgb(a), Rgb(b));
        if (x.Length != y.Length) throw new ArgumentException($"{a} and {b} differ in size");
        long sum = 0;
        for (var i = 0; i < x.Length; i++) sum += Math.Abs(x[i] - y[i]);
        return (double)sum / x.Length;
    }
}
