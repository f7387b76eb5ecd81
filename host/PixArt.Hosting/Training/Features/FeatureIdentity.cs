using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Training.Features;

/// <summary>
/// What a set of cached features depends on, as lines of text: for each component, its slot, type, plugin and version
/// and every configured key, and the full path each path option (<see cref="NamesAFile"/>) resolves to; for a codec or
/// text encoder also each file's length and last write time under those paths, so new weights under the same path are a
/// new identity (and so is a copied or moved model or data set). The feature folder's name is a
/// hash of the lines; the lines themselves are kept in its manifest for people.
/// </summary>
public static class FeatureIdentity
{
    /// <summary>
    /// The lines of <paramref name="selection"/>, each starting with <paramref name="label"/> (not the configuration path,
    /// so two stages with the same data set share features); with <paramref name="withFiles"/> also the stamps of the
    /// files its values name.
    /// </summary>
    public static IEnumerable<string> Of(string label, ComponentSelection selection, string baseDirectory, bool withFiles)
    {
        yield return $"{label} = {selection.Component.TypeId} (plugin {selection.Plugin.Manifest.Id} {selection.Plugin.Manifest.Version})";
        var values = selection.Section.AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null)
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var (key, value) in values) yield return $"{label}:{key} = {value}";
        foreach (var (key, value) in values)
        {
            if (!NamesAFile(key) || Existing(baseDirectory, value!) is not { } full) continue;
            // Relative paths resolve against the experiment's folder: the same text in two experiments may name two folders.
            yield return $"{label}:{key} names {full}";
            if (withFiles)
                foreach (var stamp in FileStamps(full))
                    yield return $"{label}:{key} file {stamp}";
        }
    }

    /// <summary>Folder name for <paramref name="kind"/> features of <paramref name="identity"/>: the kind and 16 hex digits of its SHA-256.</summary>
    public static string FolderName(string kind, IReadOnlyList<string> identity)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', identity)));
        return $"{kind}-{Convert.ToHexString(hash, 0, 8).ToLowerInvariant()}";
    }

    /// <summary>
    /// Whether option <paramref name="key"/> names a file or folder by convention (<c>Path</c>, <c>TokenizerPath</c>,
    /// <c>Weights</c>, <c>…File</c>): only those are resolved and stamped, so a value that merely looks like a file name
    /// (a <c>Type</c> equal to a folder's name) does not make the identity depend on that folder.
    /// </summary>
    public static bool NamesAFile(string key)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        return name.EndsWith("Path", StringComparison.OrdinalIgnoreCase) || name.EndsWith("File", StringComparison.OrdinalIgnoreCase)
            || name.Equals("Weights", StringComparison.OrdinalIgnoreCase);
    }

    // The full path of a value naming an existing file or folder (relative to the configuration's folder), else null.
    private static string? Existing(string baseDirectory, string value)
    {
        if (value.Length == 0 || value.IndexOfAny(Path.GetInvalidPathChars()) >= 0) return null;
        try
        {
            var full = Path.GetFullPath(value, baseDirectory);
            return File.Exists(full) || Directory.Exists(full) ? full : null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    // Each file's length and last write time (a folder: every file in it, recursively).
    private static IEnumerable<string> FileStamps(string full)
    {
        var files = File.Exists(full) ? [new FileInfo(full)]
            : new DirectoryInfo(full).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal).ToArray();
        foreach (var file in files)
            yield return string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(full, file.FullName)} {file.Length} bytes {file.LastWriteTimeUtc:O}");
    }
}
