using System.Collections;
using PixArt.Abstractions.Weights;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace PixArt.Hosting.Weights;

/// <summary>
/// A PyTorch pickle checkpoint (<c>torch.save</c> zip: <c>.pth</c>, <c>.bin</c>, <c>.pt</c>). Either a plain state dict or a
/// trainer dict holding it under <c>state_dict</c> (official PixArt checkpoints; <c>state_dict_ema</c> when asked).
/// Pickles cannot be read lazily, so the tensors are held until disposal.
/// </summary>
public sealed class PickleWeightSource : IWeightSource
{
    private readonly Dictionary<string, Tensor> _tensors;

    private PickleWeightSource(string path, Dictionary<string, Tensor> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Reads <paramref name="path"/>; <paramref name="preferEma"/> picks <c>state_dict_ema</c> when the file has one.</summary>
    public static PickleWeightSource Open(string path, bool preferEma = false)
    {
        if (!File.Exists(path)) throw new WeightFormatException($"{path}: file not found");
        Hashtable root;
        try
        {
            root = PyTorchUnpickler.UnpickleStateDict(path);
        }
        catch (Exception e) when (e is not WeightFormatException)
        {
            throw new WeightFormatException($"{path}: not a readable PyTorch checkpoint ({e.GetBaseException().Message})", e);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        Hashtable stateDict = root;
        var key = preferEma && root["state_dict_ema"] is Hashtable ? "state_dict_ema" : "state_dict";
        if (root[key] is Hashtable nested)
        {
            stateDict = nested;
            foreach (DictionaryEntry e in root)
                if (e.Value is not Hashtable && e.Value is not Tensor) metadata[e.Key.ToString()!] = e.Value?.ToString() ?? "";
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (DictionaryEntry e in stateDict)
        {
            if (e.Value is Tensor t) tensors[e.Key.ToString()!] = t;
            else skipped.Add(e.Key.ToString()!);
        }
        if (tensors.Count == 0)
            throw new WeightFormatException($"{path}: no tensors found (expected a state dict, or a dict with one under 'state_dict')");
        return new PickleWeightSource(path, tensors, metadata);
    }

    /// <inheritdoc />
    public string Path { get; }

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _tensors.Keys;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public WeightInfo Describe(string key) =>
        _tensors.TryGetValue(key, out var t) ? new WeightInfo(key, t.shape, t.dtype, Path)
        : throw new KeyNotFoundException($"{Path}: no tensor '{key}'");

    /// <inheritdoc />
    public Tensor Read(string key) =>
        _tensors.TryGetValue(key, out var t) ? t.clone() : throw new KeyNotFoundException($"{Path}: no tensor '{key}'");

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
