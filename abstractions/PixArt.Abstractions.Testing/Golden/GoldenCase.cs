using System.Text.Json;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Golden;

/// <summary>One reference case: <c>meta.json</c> plus the tensors of <c>data.safetensors</c>.</summary>
public sealed class GoldenCase : IDisposable
{
    private readonly SafetensorsFile _data;

    private GoldenCase(string folder, JsonElement meta, SafetensorsFile data)
    {
        Folder = folder;
        Meta = meta;
        _data = data;
    }

    /// <summary>The case folder.</summary>
    public string Folder { get; }

    /// <summary>The parsed <c>meta.json</c>.</summary>
    public JsonElement Meta { get; }

    /// <summary>The tensor file (also usable as an <see cref="PixArt.Abstractions.Weights.IWeightSource"/>).</summary>
    public SafetensorsFile Data => _data;

    /// <summary>All tensor names.</summary>
    public IReadOnlyCollection<string> Keys => _data.Keys;

    /// <summary><c>tolerance_rel</c> of the case.</summary>
    public double ToleranceRel => Meta.GetProperty("tolerance_rel").GetDouble();

    /// <summary>Loads the case in <paramref name="folder"/>; throws when the folder or its files are missing.</summary>
    public static GoldenCase Load(string folder)
    {
        var metaPath = Path.Combine(folder, "meta.json");
        var dataPath = Path.Combine(folder, "data.safetensors");
        if (!File.Exists(metaPath) || !File.Exists(dataPath))
            throw new FileNotFoundException($"reference case '{folder}' is missing meta.json or data.safetensors");
        using var doc = JsonDocument.Parse(QuoteNonFiniteNumbers(File.ReadAllText(metaPath)));
        return new GoldenCase(folder, doc.RootElement.Clone(), SafetensorsFile.Open(dataPath));
    }

    // Python's json writes -Infinity/Infinity/NaN as bare literals (e.g. lambda_min_clipped), which System.Text.Json
    // rejects; they become strings ("-Infinity"), readable with double.Parse.
    private static string QuoteNonFiniteNumbers(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, @"(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,\]\}])", "\"$1\"");

    /// <summary>True when the case has tensor <paramref name="key"/>.</summary>
    public bool Has(string key) => _data.Keys.Contains(key);

    /// <summary>Reads tensor <paramref name="key"/> (CPU, stored dtype); throws naming the case when absent.</summary>
    public Tensor Tensor(string key) =>
        Has(key) ? _data.Read(key) : throw new KeyNotFoundException($"reference case '{Folder}' has no tensor '{key}'; it has: {string.Join(", ", _data.Keys.Order())}");

    /// <summary>Keys under <paramref name="prefix"/> with the prefix removed (e.g. <c>weights.</c>).</summary>
    public IReadOnlyList<string> KeysWithPrefix(string prefix) =>
        _data.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).Order(StringComparer.Ordinal).ToList();

    /// <summary>A meta.json value by path (e.g. <c>config</c>, <c>steps</c>); throws naming the case when absent.</summary>
    public JsonElement Get(string name) =>
        Meta.TryGetProperty(name, out var v) ? v : throw new KeyNotFoundException($"reference case '{Folder}' meta.json has no '{name}'");

    /// <inheritdoc />
    public void Dispose() => _data.Dispose();
}
