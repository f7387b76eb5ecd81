namespace PixArt.Hosting.Images;

/// <summary>
/// Where each of N images goes: a <c>.png</c> path (N &gt; 1 adds <c>-0</c>, <c>-1</c>, ... before the extension), or a folder
/// (created when missing; files named <c>pixart-SEED.png</c>). Files are written only once all images exist, each through a
/// temporary file renamed into place, so a failure or cancellation leaves no half-written image.
/// </summary>
public static class ImageOutputPlan
{
    /// <summary>The target paths for <paramref name="count"/> images with the given seeds.</summary>
    public static IReadOnlyList<string> Paths(string output, int count, IReadOnlyList<long> seeds)
    {
        var isFolder = Directory.Exists(output) || output.EndsWith('/') || !output.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
        if (isFolder) return Enumerable.Range(0, count).Select(i => Path.Combine(output, $"pixart-{seeds[i]}.png")).ToList();
        if (count == 1) return new[] { output };
        var stem = output[..^4];
        return Enumerable.Range(0, count).Select(i => $"{stem}-{i}.png").ToList();
    }

    /// <summary>Writes every encoded image: all to temporary files first, then renamed into place.</summary>
    public static void WriteAll(IReadOnlyList<string> paths, IReadOnlyList<byte[]> contents)
    {
        var temps = new List<string>();
        try
        {
            for (var i = 0; i < paths.Count; i++)
            {
                var full = Path.GetFullPath(paths[i]);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                var temp = full + ".partial";
                File.WriteAllBytes(temp, contents[i]);
                temps.Add(temp);
            }
            for (var i = 0; i < paths.Count; i++) File.Move(temps[i], Path.GetFullPath(paths[i]), overwrite: true);
            temps.Clear();
        }
        finally
        {
            foreach (var t in temps.Where(File.Exists)) File.Delete(t);
        }
    }
}
