using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>What a PNG holds: size, text chunks, pixels.</summary>
public static class Png
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static Dictionary<string, string> Text(byte[] png)
    {
        var info = Image.Identify(png);
        return info.Metadata.GetPngMetadata().TextData.ToDictionary(t => t.Keyword, t => t.Value);
    }

    public static (int Width, int Height) Size(byte[] png)
    {
        var info = Image.Identify(png);
        return (info.Width, info.Height);
    }

    /// <summary>Largest difference of any channel of any pixel, in 8-bit levels.</summary>
    public static int MaxDifference(byte[] a, byte[] b)
    {
        using var x = Image.Load<Rgb24>(a);
        using var y = Image.Load<Rgb24>(b);
        Assert.Equal((x.Width, x.Height), (y.Width, y.Height));
        var worst = 0;
        for (var row = 0; row < x.Height; row++)
            for (var col = 0; col < x.Width; col++)
            {
                var (p, q) = (x[col, row], y[col, row]);
                worst = Math.Max(worst, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        return worst;
    }
}
