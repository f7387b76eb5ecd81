using System.Globalization;
using System.Text.Json;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training.Features;

/// <summary>
/// One folder of the feature cache. <c>manifest.json</c> records what the features were computed with (the identity
/// lines); each shard is a pair: <c>shard-NNNNN.safetensors</c> (tensors named <c>TENSOR-KEY:NAME</c>) and
/// <c>shard-NNNNN.json</c>, which lists the items it holds, each with the stamp it was computed for (a size and file
/// stamp, or a caption) and the tensor key its features are stored under (items with equal captions share one). Shards
/// are appended, never rewritten: the tensors are written to a temporary file, flushed and renamed, then the index the
/// same way, so an interrupted extraction keeps every finished shard and a new one continues. A later shard's entry for
/// an item replaces an earlier one (a re-extracted stale item). A shard whose files are missing or malformed is left out
/// with a problem naming it (its items are then encoded again). Writers hold <c>.write.lock</c>; readers hold
/// <c>.read.lock</c> shared, so <c>--force</c> cannot delete shards a training run reads.
/// </summary>
public sealed class FeatureFolder : IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>Shard files kept open at once (a large cache has thousands).</summary>
    public const int OpenShards = 64;

    private const string WriteLock = ".write.lock", ReadLock = ".read.lock";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly Dictionary<string, (string Shard, FeatureEntry Entry)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tensorShards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _recent = new();
    private readonly FileStream? _lock;
    private int _nextShard;

    private FeatureFolder(string path, FileStream? lockFile)
    {
        Path = path;
        _lock = lockFile;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Items with features (current or stale).</summary>
    public int Count => _entries.Count;

    /// <summary>Shards left out when the folder was opened, each with the reason.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>
    /// The folder at <paramref name="path"/> for reading, when it holds features computed with <paramref name="identity"/>;
    /// null when it has no manifest. Throws <see cref="InvalidDataException"/> naming the manifest when it is unreadable or
    /// records another identity, and <see cref="IOException"/> when <c>pixart extract --force</c> is rebuilding it.
    /// </summary>
    public static FeatureFolder? Open(string path, IReadOnlyList<string> identity)
    {
        if (!File.Exists(System.IO.Path.Combine(path, ManifestFile))) return null;
        var folder = new FeatureFolder(path, Lock(path, ReadLock, exclusive: false, "pixart extract --force is rebuilding it"));
        return folder.Load(identity);
    }

    /// <summary>
    /// The folder at <paramref name="path"/> for adding features, created when absent; with <paramref name="force"/> emptied
    /// first. Throws <see cref="IOException"/> when another <c>pixart extract</c> writes it, or (with <paramref name="force"/>)
    /// when a training run reads it; <see cref="InvalidDataException"/> as <see cref="Open"/>.
    /// </summary>
    public static FeatureFolder OpenForWriting(string path, IReadOnlyList<string> identity, bool force)
    {
        Directory.CreateDirectory(path);
        var writer = Lock(path, WriteLock, exclusive: true, "another pixart extract is writing it")!;
        try
        {
            if (force)
            {
                using (Lock(path, ReadLock, exclusive: true, "a training run is reading it"))
                    foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos().Where(e => e.Name is not WriteLock and not ReadLock))
                        if (entry is DirectoryInfo directory) directory.Delete(recursive: true);
                        else entry.Delete();
            }
            var folder = new FeatureFolder(path, writer);
            if (File.Exists(System.IO.Path.Combine(path, ManifestFile))) return folder.Load(identity);
            WriteDurably(System.IO.Path.Combine(path, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(new FeatureManifest { Identity = identity.ToList() }, Json));
            return folder;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Whether item <paramref name="key"/> has features computed for <paramref name="stamp"/>.</summary>
    public bool Has(string key, string stamp) => _entries.TryGetValue(key, out var e) && e.Entry.Stamp == stamp;

    /// <summary>Tensor <paramref name="name"/> of item <paramref name="key"/> (the caller owns it); the item must be present (<see cref="Has"/>).</summary>
    public Tensor Read(string key, string name)
    {
        var (shard, entry) = _entries[key];
        return Shard(shard).Read(TensorName(entry.Tensors, name));
    }

    /// <summary>Whether this folder stores tensors under <paramref name="tensorKey"/> (items may then refer to them without storing their own).</summary>
    public bool HasTensors(string tensorKey) => _tensorShards.ContainsKey(tensorKey);

    /// <summary>
    /// Appends <paramref name="items"/> as one new shard, then its index. An item without tensors refers to the tensors
    /// another item of this call, or of an earlier shard, stored under the same tensor key.
    /// </summary>
    public void Append(IReadOnlyList<FeatureItem> items)
    {
        if (items.Count == 0) return;
        var shard = string.Create(CultureInfo.InvariantCulture, $"shard-{_nextShard:D5}");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var item in items.Where(i => i.Tensors is not null))
            foreach (var (name, tensor) in item.Tensors!)
                tensors[TensorName(item.TensorKey, name)] = tensor;
        var written = items.Where(i => i.Tensors is not null).Select(i => i.TensorKey).ToHashSet(StringComparer.Ordinal);
        var missing = items.FirstOrDefault(i => i.Tensors is null && !written.Contains(i.TensorKey) && !_tensorShards.ContainsKey(i.TensorKey));
        if (missing is not null) throw new ArgumentException($"{missing.Key}: refers to tensors '{missing.TensorKey}' that no shard holds", nameof(items));
        if (tensors.Count > 0) SafetensorsWriter.Write(System.IO.Path.Combine(Path, shard + ".safetensors"), tensors);
        var index = new ShardIndex
        {
            Entries = items.ToDictionary(i => i.Key, i => new FeatureEntry
            {
                Stamp = i.Stamp, Tensors = i.TensorKey, Shard = written.Contains(i.TensorKey) ? null : _tensorShards[i.TensorKey],
            }, StringComparer.Ordinal),
        };
        WriteDurably(System.IO.Path.Combine(Path, shard + ".json"), JsonSerializer.SerializeToUtf8Bytes(index, Json));
        _nextShard++;
        Record(shard, index);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in _open.Values) file.Dispose();
        _open.Clear();
        _lock?.Dispose();
    }

    private static string TensorName(string tensorKey, string name) => $"{tensorKey}:{name}";

    private FeatureFolder Load(IReadOnlyList<string> identity)
    {
        try
        {
            var manifestPath = System.IO.Path.Combine(Path, ManifestFile);
            var manifest = ReadJson<FeatureManifest>(manifestPath);
            if (manifest.Identity is null || !manifest.Identity.SequenceEqual(identity, StringComparer.Ordinal))
                throw new InvalidDataException($"{manifestPath}: records features of another configuration than its folder name says; delete the folder or run pixart extract --force");
            var problems = new List<string>();
            var shards = Directory.GetFiles(Path, "shard-*.json").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();
            foreach (var shard in shards)
            {
                var problem = Check(shard, out var index);
                if (problem is null) Record(shard, index!);
                else problems.Add($"{System.IO.Path.Combine(Path, shard)}: {problem}");
                if (int.TryParse(shard.AsSpan("shard-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) _nextShard = Math.Max(_nextShard, number + 1);
            }
            Problems = problems;
            return this;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    // Why a shard cannot be used (its index or tensors missing or malformed, a tensor it names absent), or null.
    private string? Check(string shard, out ShardIndex? index)
    {
        index = null;
        try
        {
            index = ReadJson<ShardIndex>(System.IO.Path.Combine(Path, shard + ".json"));
            if (index.Entries is null) return "its index lists no entries";
            var own = index.Entries.Values.Where(e => e.Shard is null).Select(e => e.Tensors).Distinct(StringComparer.Ordinal).ToList();
            if (own.Count == 0) return null;
            using var file = SafetensorsFile.Open(System.IO.Path.Combine(Path, shard + ".safetensors"));
            var absent = own.FirstOrDefault(t => !file.Keys.Any(k => k.StartsWith(t + ":", StringComparison.Ordinal)));
            return absent is null ? null : $"the index names tensors '{absent}' that its safetensors file lacks";
        }
        catch (Exception e) when (e is InvalidDataException or WeightFormatException or IOException)
        {
            return e.Message;
        }
    }

    private void Record(string shard, ShardIndex index)
    {
        foreach (var (key, entry) in index.Entries!)
        {
            var holder = entry.Shard ?? shard;
            if (entry.Shard is not null && !_tensorShards.ContainsKey(entry.Tensors)) continue; // refers to a shard left out
            _tensorShards[entry.Tensors] = holder;
            _entries[key] = (holder, entry);
        }
    }

    private SafetensorsFile Shard(string shard)
    {
        if (_open.TryGetValue(shard, out var file))
        {
            _recent.Remove(shard);
            _recent.AddFirst(shard);
            return file;
        }
        if (_open.Count >= OpenShards)
        {
            var oldest = _recent.Last!.Value;
            _recent.RemoveLast();
            _open.Remove(oldest, out var closed);
            closed!.Dispose();
        }
        file = SafetensorsFile.Open(System.IO.Path.Combine(Path, shard + ".safetensors"));
        _open[shard] = file;
        _recent.AddFirst(shard);
        return file;
    }

    private static T ReadJson<T>(string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path)) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a feature cache file ({e.Message}); run pixart extract --force to rebuild the folder");
        }
    }

    // Null for a reader of a folder it may not write (a shared read-only cache): it reads without the lock.
    private static FileStream? Lock(string folder, string name, bool exclusive, string holder)
    {
        var path = System.IO.Path.Combine(folder, name);
        try
        {
            // FileShare is enforced between processes on Linux through advisory flock(2) locks.
            return new FileStream(path, FileMode.OpenOrCreate, exclusive ? FileAccess.ReadWrite : FileAccess.Read, exclusive ? FileShare.None : FileShare.Read);
        }
        catch (UnauthorizedAccessException) when (!exclusive)
        {
            return null;
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"{folder}: in use ({holder}); try again when it has finished", e);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>One item's features for <see cref="FeatureFolder.Append"/>.</summary>
/// <param name="Key">The data set item's key.</param>
/// <param name="Stamp">What the features were computed for (checked on use).</param>
/// <param name="TensorKey">The name its tensors are stored under (the item key, or a caption's hash shared by items with that caption).</param>
/// <param name="Tensors">The features by name (any device, written as they are), or null when another item stores them under <paramref name="TensorKey"/>.</param>
public sealed record FeatureItem(string Key, string Stamp, string TensorKey, IReadOnlyDictionary<string, Tensor>? Tensors);

/// <summary>The JSON manifest of a <see cref="FeatureFolder"/>.</summary>
public sealed class FeatureManifest
{
    /// <summary>What the features were computed with, one fact per line.</summary>
    public List<string>? Identity { get; set; }
}

/// <summary>The JSON index of one shard: its items.</summary>
public sealed class ShardIndex
{
    /// <summary>Entries by item key.</summary>
    public Dictionary<string, FeatureEntry>? Entries { get; set; }
}

/// <summary>What an item's features were computed for and where they are.</summary>
public sealed class FeatureEntry
{
    /// <summary>The stamp checked on use.</summary>
    public string Stamp { get; set; } = "";

    /// <summary>The tensor key its tensors are stored under.</summary>
    public string Tensors { get; set; } = "";

    /// <summary>The shard holding them when it is an earlier one (null: this shard).</summary>
    public string? Shard { get; set; }
}
