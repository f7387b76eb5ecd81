using System.Globalization;
using System.Text.Json;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training.Features;

/// <summary>
/// One folder of the feature cache: safetensors shards (<c>shard-NNNNN.safetensors</c>, tensors named
/// <c>ITEM-KEY:NAME</c>) and <c>manifest.json</c>, which records what the features were computed with (the identity
/// lines) and, for every item key, its shard and the stamp it was computed for (a caption, a size and a file stamp).
/// Shards are appended, never rewritten: each is written to a temporary file, flushed and renamed, and the manifest
/// after it the same way, so an interrupted extraction keeps every finished shard and continues where it stopped.
/// An entry whose stamp no longer matches is stale: the trainer computes that item itself, <c>pixart extract</c> re-extracts it.
/// </summary>
public sealed class FeatureFolder : IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly FeatureManifest _manifest;
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);

    private FeatureFolder(string path, FeatureManifest manifest)
    {
        Path = path;
        _manifest = manifest;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Items with features (current or stale).</summary>
    public int Count => _manifest.Entries.Count;

    /// <summary>
    /// The folder at <paramref name="path"/> when it holds features computed with <paramref name="identity"/>; null when
    /// it does not exist. Throws <see cref="InvalidDataException"/> naming the manifest when it is unreadable or records
    /// another identity (a folder name collision, or a folder edited by hand).
    /// </summary>
    public static FeatureFolder? Open(string path, IReadOnlyList<string> identity)
    {
        var manifestPath = System.IO.Path.Combine(path, ManifestFile);
        if (!File.Exists(manifestPath)) return null;
        FeatureManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<FeatureManifest>(File.ReadAllBytes(manifestPath));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{manifestPath}: not a feature cache manifest ({e.Message}); delete the folder or run pixart extract --force");
        }
        if (manifest is null || !manifest.Identity.SequenceEqual(identity, StringComparer.Ordinal))
            throw new InvalidDataException($"{manifestPath}: records features of another configuration than its folder name says; delete the folder or run pixart extract --force");
        return new FeatureFolder(path, manifest);
    }

    /// <summary>The folder at <paramref name="path"/> for adding features, created empty when absent or when <paramref name="force"/> is set.</summary>
    public static FeatureFolder OpenForWriting(string path, IReadOnlyList<string> identity, bool force)
    {
        if (force && Directory.Exists(path)) Directory.Delete(path, recursive: true);
        if (Open(path, identity) is { } existing) return existing;
        Directory.CreateDirectory(path);
        var folder = new FeatureFolder(path, new FeatureManifest { Identity = identity.ToList() });
        folder.WriteManifest();
        return folder;
    }

    /// <summary>Whether item <paramref name="key"/> has features computed for <paramref name="stamp"/>.</summary>
    public bool Has(string key, string stamp) => _manifest.Entries.TryGetValue(key, out var entry) && entry.Stamp == stamp;

    /// <summary>Tensor <paramref name="name"/> of item <paramref name="key"/> (the caller owns it); the item must be present (<see cref="Has"/>).</summary>
    public Tensor Read(string key, string name)
    {
        var entry = _manifest.Entries[key];
        if (!_open.TryGetValue(entry.Shard, out var shard))
            _open[entry.Shard] = shard = SafetensorsFile.Open(System.IO.Path.Combine(Path, entry.Shard));
        return shard.Read(TensorName(key, name));
    }

    /// <summary>Appends <paramref name="items"/> (key, stamp, named tensors) as one new shard, then records them in the manifest.</summary>
    public void Append(IReadOnlyList<FeatureItem> items)
    {
        if (items.Count == 0) return;
        var shard = string.Create(CultureInfo.InvariantCulture, $"shard-{_manifest.NextShard:D5}.safetensors");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var item in items)
            foreach (var (name, tensor) in item.Tensors)
                tensors[TensorName(item.Key, name)] = tensor;
        SafetensorsWriter.Write(System.IO.Path.Combine(Path, shard), tensors);
        _manifest.NextShard++;
        foreach (var item in items) _manifest.Entries[item.Key] = new FeatureEntry { Shard = shard, Stamp = item.Stamp };
        WriteManifest();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var shard in _open.Values) shard.Dispose();
        _open.Clear();
    }

    private static string TensorName(string key, string name) => $"{key}:{name}";

    private void WriteManifest()
    {
        var final = System.IO.Path.Combine(Path, ManifestFile);
        var temp = final + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, _manifest, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, final, overwrite: true);
    }
}

/// <summary>One item's features for <see cref="FeatureFolder.Append"/>.</summary>
/// <param name="Key">The data set item's key.</param>
/// <param name="Stamp">What the features were computed for (checked on use).</param>
/// <param name="Tensors">The features by name (any device; written as they are).</param>
public sealed record FeatureItem(string Key, string Stamp, IReadOnlyDictionary<string, Tensor> Tensors);

/// <summary>The JSON manifest of a <see cref="FeatureFolder"/>.</summary>
public sealed class FeatureManifest
{
    /// <summary>What the features were computed with, one fact per line.</summary>
    public List<string> Identity { get; set; } = [];

    /// <summary>Number of the next shard file.</summary>
    public int NextShard { get; set; }

    /// <summary>Entries by item key.</summary>
    public Dictionary<string, FeatureEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Where an item's features are and what they were computed for.</summary>
public sealed class FeatureEntry
{
    /// <summary>Shard file name.</summary>
    public string Shard { get; set; } = "";

    /// <summary>The stamp checked on use.</summary>
    public string Stamp { get; set; } = "";
}
