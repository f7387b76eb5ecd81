using PixArt.Abstractions.Weights;
using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>A view of a weight source restricted to keys under a prefix, with the prefix removed (e.g. <c>weights.</c>).</summary>
public sealed class PrefixedWeightSource : IWeightSource
{
    private readonly IWeightSource _inner;
    private readonly string _prefix;
    private readonly List<string> _keys;

    /// <summary>Wraps <paramref name="inner"/> (not owned).</summary>
    public PrefixedWeightSource(IWeightSource inner, string prefix)
    {
        _inner = inner;
        _prefix = prefix;
        _keys = inner.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToList();
    }

    /// <inheritdoc />
    public string Path => $"{_inner.Path} [{_prefix}*]";

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _keys;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata => _inner.Metadata;

    /// <inheritdoc />
    public WeightInfo Describe(string key) => _inner.Describe(_prefix + key) with { Key = key };

    /// <inheritdoc />
    public Tensor Read(string key) => _inner.Read(_prefix + key);

    /// <inheritdoc />
    public void Dispose() { }
}
