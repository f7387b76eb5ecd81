namespace PixArt.Hosting.Images;

/// <summary>
/// The one rule for where images go (docs/cli.md), applied before any work:
/// <list type="bullet">
/// <item>a name ending in <c>.png</c> is a file: one image is written to it; several images get <c>-SEED</c> before the
/// extension (<c>fox.png</c> → <c>fox-7.png</c>, <c>fox-8.png</c>);</item>
/// <item>an existing folder, or a name ending in <c>/</c> (created), receives <c>pixart-SEED.png</c> per image;</item>
/// <item>anything else (<c>picture.jpg</c>, <c>results</c>) is refused: a folder is never made from a file name;</item>
/// <item>an existing file is replaced only when overwriting was asked for; a folder, device or pipe never is;</item>
/// <item>the target folder must be writable and have room for the images.</item>
/// </list>
/// </summary>
public static class ImageOutputPlan
{
    /// <summary>File name of each image in a folder target: <c>pixart-SEED.png</c>.</summary>
    public const string FolderFilePrefix = "pixart-";

    /// <summary>What overwriting is called where the problem is reported (e.g. <c>--overwrite</c>).</summary>
    public const string DefaultOverwriteHint = "PixArt:Generation:Overwrite";

    /// <summary>
    /// Where the images with <paramref name="seeds"/> go for <paramref name="output"/> (resolved to a full path), checked:
    /// throws <see cref="ImageOutputException"/> with what is wrong and what is allowed. <paramref name="bytesNeeded"/> is
    /// the most the images can take on disk; <paramref name="freeSpace"/> replaces the disk query (tests).
    /// </summary>
    public static ImageOutput Plan(string output, IReadOnlyList<long> seeds, bool overwrite, long bytesNeeded,
        string overwriteHint = DefaultOverwriteHint, Func<string, long?>? freeSpace = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0) throw new ArgumentException("at least one image", nameof(seeds));
        var endsWithSeparator = output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar);
        var full = Path.GetFullPath(output);
        var trimmed = Path.TrimEndingDirectorySeparator(full);

        string folder;
        IReadOnlyList<string> paths;
        if (Directory.Exists(trimmed) || endsWithSeparator)
        {
            folder = trimmed;
            paths = seeds.Select(s => Path.Combine(folder, $"{FolderFilePrefix}{s}.png")).ToList();
        }
        else if (full.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            folder = Path.GetDirectoryName(full)!;
            var stem = full[..^4];
            paths = seeds.Count == 1 ? [full] : seeds.Select(s => $"{stem}-{s}.png").ToList();
        }
        else
        {
            throw new ImageOutputException(
                "images are written as PNG: name a .png file, an existing folder, or a folder ending in '/' (it is created); a folder is never made from a file name");
        }

        var existing = NearestExisting(folder);
        if (File.Exists(existing) || !Directory.Exists(existing))
            throw new ImageOutputException($"'{existing}' is a file, not a folder; images need a folder to go in");
        CheckWritable(existing);
        foreach (var path in paths)
        {
            if (Directory.Exists(path)) throw new ImageOutputException($"'{path}' is a folder, but an image file is to be written there");
            if (!File.Exists(path)) continue;
            if (!FileKind.IsRegularFile(path))
                throw new ImageOutputException($"'{path}' is not a regular file (a device, pipe or socket); name a .png file or a folder");
            if (!overwrite)
                throw new ImageOutputException($"'{path}' already exists; replacing it needs {overwriteHint}");
        }
        var free = (freeSpace ?? FreeSpace)(existing);
        if (free is { } available && available < bytesNeeded)
            throw new ImageOutputException(
                $"{paths.Count} image(s) need up to {Format(bytesNeeded)} but '{existing}' has {Format(available)} free");
        return new ImageOutput(paths, folder);
    }

    /// <summary>The most <paramref name="count"/> PNG images of <paramref name="width"/> × <paramref name="height"/> take (RGB, stored, with metadata).</summary>
    public static long BytesNeeded(int count, int width, int height) => count * ((long)width * height * 3 + height + 64 * 1024);

    private static string NearestExisting(string folder)
    {
        var current = folder;
        while (!Directory.Exists(current) && !File.Exists(current))
        {
            var parent = Path.GetDirectoryName(current);
            if (parent is null) return current;
            current = parent;
        }
        return current;
    }

    private static void CheckWritable(string folder)
    {
        var probe = Path.Combine(folder, $".pixart-write-test-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageOutputException($"cannot write in '{folder}': {ImageOutput.Reason(e, probe)}");
        }
        finally
        {
            if (File.Exists(probe)) File.Delete(probe);
        }
    }

    private static long? FreeSpace(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static string Format(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):F1} MiB" : $"{Math.Max(1, bytes / 1024)} KiB";
}

/// <summary>The output location cannot take the images; the message says why and what is allowed.</summary>
public sealed class ImageOutputException(string message) : Exception(message);
