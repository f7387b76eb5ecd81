using static TorchSharp.torch;

namespace PixArt.Hosting.Images;

/// <summary>
/// Images laid out in rows, each row under a band naming it (a sample grid: one row per prompt or class, one column per
/// seed), drawn with <see cref="BitmapFont"/>; small cells are enlarged by whole factors so the grid stays readable.
/// </summary>
public static class LabelledGrid
{
    /// <summary>Height of a label band in pixels.</summary>
    public const int BandHeight = BitmapFont.Height + 4;

    /// <summary>
    /// Draws <paramref name="rows"/> (each: a label and images <c>[N, 3, H, W]</c> in [0, 1], every row the same shape) as one
    /// image <c>[3, height, width]</c> in [0, 1]; cells narrower than <paramref name="minCell"/> pixels are enlarged.
    /// </summary>
    public static Tensor Draw(IReadOnlyList<(string Label, Tensor Images)> rows, int minCell = 96)
    {
        if (rows.Count == 0) throw new ArgumentException("a grid needs at least one row", nameof(rows));
        using var scope = NewDisposeScope();
        var (columns, cellHeight, cellWidth) = (rows[0].Images.shape[0], rows[0].Images.shape[2], rows[0].Images.shape[3]);
        var factor = Math.Max(1, (int)Math.Ceiling((double)minCell / cellWidth));
        var (h, w) = (cellHeight * factor, cellWidth * factor);
        var width = columns * w;
        var canvas = ones(3, rows.Count * (BandHeight + h), width);
        for (var r = 0; r < rows.Count; r++)
        {
            var images = rows[r].Images.to(ScalarType.Float32, CPU);
            if (factor > 1) images = nn.functional.interpolate(images, scale_factor: [factor, factor], mode: InterpolationMode.Nearest);
            var top = r * (BandHeight + h);
            for (var c = 0; c < columns; c++)
                canvas.narrow(1, top + BandHeight, h).narrow(2, c * w, w).copy_(images[c].clamp(0, 1));
            DrawText(canvas, Fit(rows[r].Label, (int)width - 4), (int)top + 2, 2);
        }
        return scope.MoveToOuter(canvas);
    }

    private static string Fit(string text, int width)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        if (BitmapFont.Measure(clean) <= width) return clean;
        var chars = Math.Max(0, (width + 1) / (BitmapFont.Width + 1) - 3);
        return clean[..Math.Min(chars, clean.Length)] + "...";
    }

    private static void DrawText(Tensor canvas, string text, int top, int left)
    {
        var ink = new List<long>();
        var (height, width) = (canvas.shape[1], canvas.shape[2]);
        for (var i = 0; i < text.Length; i++)
            for (var y = 0; y < BitmapFont.Height; y++)
                for (var x = 0; x < BitmapFont.Width; x++)
                {
                    var (py, px) = (top + y, left + i * (BitmapFont.Width + 1) + x);
                    if (py < height && px < width && BitmapFont.Ink(text[i], x, y)) ink.Add(py * width + px);
                }
        if (ink.Count == 0) return;
        using var index = tensor(ink.ToArray());
        using var flat = canvas.view(3, -1);
        flat.index_fill_(1, index, 0.0);
    }
}
