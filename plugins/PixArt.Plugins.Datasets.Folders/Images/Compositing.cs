using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>Transparent pixels over white, as the emoji data set is built: <c>out = (c·a + 255·(255 − a)) / 255</c>, rounded.</summary>
internal static class Compositing
{
    /// <summary>Composites every pixel of <paramref name="image"/> over opaque white in place (straight alpha).</summary>
    public static void OverWhite(Image<Rgba32> image) =>
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var p in rows.GetRowSpan(y))
                {
                    if (p.A == 255) continue;
                    p = new Rgba32(Over(p.R, p.A), Over(p.G, p.A), Over(p.B, p.A), 255);
                }
            }
        });

    private static byte Over(byte colour, byte alpha) => (byte)((colour * alpha + 255 * (255 - alpha) + 127) / 255);
}
