using System.Globalization;

namespace PixArt.Hosting.Generation;

/// <summary>
/// PixArt's multi-aspect-ratio buckets (reference section 7.5): key = height/width, value = (height, width) at 1024;
/// the 512 and 256 tables are the 1024 table divided by 2 and 4. The inference ("bin") tables drop seven extreme keys.
/// </summary>
public static class AspectRatioBuckets
{
    private static readonly (string Key, int Height, int Width)[] Table1024 =
    {
        ("0.25", 512, 2048), ("0.26", 512, 1984), ("0.27", 512, 1920), ("0.28", 512, 1856), ("0.32", 576, 1792),
        ("0.33", 576, 1728), ("0.35", 576, 1664), ("0.4", 640, 1600), ("0.42", 640, 1536), ("0.48", 704, 1472),
        ("0.5", 704, 1408), ("0.52", 704, 1344), ("0.57", 768, 1344), ("0.6", 768, 1280), ("0.68", 832, 1216),
        ("0.72", 832, 1152), ("0.78", 896, 1152), ("0.82", 896, 1088), ("0.88", 960, 1088), ("0.94", 960, 1024),
        ("1.0", 1024, 1024), ("1.07", 1024, 960), ("1.13", 1088, 960), ("1.21", 1088, 896), ("1.29", 1152, 896),
        ("1.38", 1152, 832), ("1.46", 1216, 832), ("1.67", 1280, 768), ("1.75", 1344, 768), ("2.0", 1408, 704),
        ("2.09", 1472, 704), ("2.4", 1536, 640), ("2.5", 1600, 640), ("2.89", 1664, 576), ("3.0", 1728, 576),
        ("3.11", 1792, 576), ("3.62", 1856, 512), ("3.75", 1920, 512), ("3.88", 1984, 512), ("4.0", 2048, 512),
    };

    private static readonly HashSet<string> DroppedForInference = new() { "0.26", "0.27", "2.89", "3.11", "3.62", "3.75", "3.88" };

    /// <summary>The bucket table for a base resolution (256, 512 or 1024; others scale the 1024 table), training or inference.</summary>
    public static IReadOnlyList<(string Key, int Height, int Width)> Table(int baseResolution, bool inference)
    {
        if (baseResolution <= 0) throw new ArgumentOutOfRangeException(nameof(baseResolution), baseResolution, "must be positive");
        return Table1024
            .Where(b => !inference || !DroppedForInference.Contains(b.Key))
            .Select(b => (b.Key, b.Height * baseResolution / 1024, b.Width * baseResolution / 1024))
            .ToList();
    }

    /// <summary>The bucket whose key is nearest to <paramref name="height"/>/<paramref name="width"/> (first wins ties, as the reference).</summary>
    public static (string Key, int Height, int Width) Nearest(int height, int width, int baseResolution, bool inference)
    {
        var ratio = (double)height / width;
        var table = Table(baseResolution, inference);
        var best = table[0];
        var bestDistance = double.MaxValue;
        foreach (var bucket in table)
        {
            var distance = Math.Abs(double.Parse(bucket.Key, CultureInfo.InvariantCulture) - ratio);
            if (distance < bestDistance)
            {
                best = bucket;
                bestDistance = distance;
            }
        }
        return best;
    }
}
