using System.Text.Json;
using PixArt.Abstractions.Weights;
using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>
/// A sharded safetensors checkpoint opened through its <c>*.safetensors.index.json</c>
/// (<c>{"metadata": ..., "weight_map": {key: shard file}}</c>). Shards are opened as needed.
/// </summary>
public sealed class ShardedWeightSource : IWeightSource
{
    private readonly Dictionary<string, string> _weightMap;
    private readonly Dictionary<string, SafetensorsFile> _open = new(StringComparer.Ordinal);
    private readonly string _folder;

    private ShardedWeightSource(string path, Dictionary<string, string> weightMap)
    {
        Path = path;
        _weightMap = weightMap;
        _folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
    }

    /// <summary>Opens the index at <paramref name="indexPath"/>; checks that every shard it names exists.</summary>
    public static ShardedWeightSource Open(string indexPath)
    {
        if (!File.Exists(indexPath)) throw new WeightFormatException($"{indexPath}: file not found");
        Dictionary<string, string> map;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            if (!doc.RootElement.TryGetProperty("weight_map", out var wm))
                throw new WeightFormatException($"{indexPath}: shard index has no 'weight_map'");
            map = wm.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new WeightFormatException($"{indexPath}: malformed shard index: {e.Message}", e);
        }
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        var missing = map.Values.Distinct().Where(f => !File.Exists(System.IO.Path.Combine(folder, f))).ToList();
        if (missing.Count > 0)
            throw new WeightFormatException($"{indexPath}: shard file(s) missing next to the index: {string.Join(", ", missing)}");
        return new ShardedWeightSource(indexPath, map);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _weightMap.Keys;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata => new Dictionary<string, string>();

    /// <inheritdoc />
    public WeightInfo Describe(string key) => Shard(key).Describe(key);

    /// <inheritdoc />
    public Tensor Read(string key) => Shard(key).Read(key);

    private SafetensorsFile Shard(string key)
    {
        if (!_weightMap.TryGetValue(key, out var file)) throw new KeyNotFoundException($"{Path}: no tensor '{key}' in the shard index");
        if (!_open.TryGetValue(file, out var shard))
        {
            shard = SafetensorsFile.Open(System.IO.Path.Combine(_folder, file));
            _open[file] = shard;
        }
        if (!shard.Keys.Contains(key))
            throw new WeightFormatException($"{shard.Path}: the index {Path} places '{key}' in this shard, but it is not there");
        return shard;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var s in _open.Values) s.Dispose();
        _open.Clear();
    }
}
