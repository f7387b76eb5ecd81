using System.Security.Cryptography;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// What identifies the data set a classifier was trained on: the SHA-256 of its index (<c>captions.jsonl</c>), which
/// lists every image with its caption, class and split; rebuilding the data set differently changes it.
/// </summary>
public static class DatasetFingerprint
{
    /// <summary>The index file of an <c>image-folder</c> data set.</summary>
    public const string IndexFile = "captions.jsonl";

    /// <summary>SHA-256 (lower-case hex) of <paramref name="dataFolder"/>'s index; throws <see cref="FileNotFoundException"/> naming it when missing.</summary>
    public static string Of(string dataFolder)
    {
        var path = Path.Combine(dataFolder, IndexFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found; a data set folder holds {IndexFile}", path);
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
