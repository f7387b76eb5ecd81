using System.Collections;
using PixArt.Abstractions.Weights;
using static TorchSharp.torch;

namespace PixArt.Hosting.Weights;

/// <summary>
/// A PyTorch pickle checkpoint (<c>torch.save</c> zip: <c>.pth</c>, <c>.bin</c>, <c>.pt</c>). Either a plain state dict or a
/// trainer dict holding it under <c>state_dict</c> (official PixArt checkpoints; <c>state_dict_ema</c> when asked). Read
/// lazily: opening parses the pickle's names, shapes and storage references (<see cref="PyTorchZipArchive"/>, every view
/// checked against its storage and the archive), <see cref="Describe"/> reads no data, and <see cref="Read"/> reads one
/// tensor's bytes.
/// </summary>
public sealed class PickleWeightSource : IWeightSource
{
    private readonly PyTorchZipArchive _archive;
    private readonly Dictionary<string, PickledTensor> _tensors;

    private PickleWeightSource(PyTorchZipArchive archive, Dictionary<string, PickledTensor> tensors, Dictionary<string, string> metadata)
    {
        _archive = archive;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>Opens <paramref name="path"/>; <paramref name="preferEma"/> picks <c>state_dict_ema</c> when the file has one.</summary>
    /// <exception cref="WeightFormatException">Naming the file (and the tensor) when it is not a readable checkpoint.</exception>
    public static PickleWeightSource Open(string path, bool preferEma = false)
    {
        if (!File.Exists(path)) throw new WeightFormatException($"{path}: file not found");
        var archive = PyTorchZipArchive.Open(path);
        try
        {
            if (archive.Root is not Hashtable root)
                throw new WeightFormatException($"{path}: holds a {Python(archive.Root)}, not a state dict (a dict of tensors)");
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var stateDict = root;
            var key = preferEma && root["state_dict_ema"] is Hashtable ? "state_dict_ema" : "state_dict";
            if (root[key] is Hashtable nested)
            {
                stateDict = nested;
                foreach (DictionaryEntry e in root)
                    if (e.Value is not Hashtable && e.Value is not PickledTensor && e.Value is not IList) metadata[e.Key.ToString()!] = e.Value?.ToString() ?? "";
            }
            var tensors = new Dictionary<string, PickledTensor>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in stateDict)
            {
                if (e.Value is not PickledTensor t) continue;
                var name = e.Key.ToString()!;
                if (t.Problem is not null) throw new WeightFormatException($"{path}: tensor '{name}': {t.Problem}");
                tensors[name] = t;
            }
            if (tensors.Count == 0)
                throw new WeightFormatException($"{path}: no tensors found (expected a state dict, or a dict with one under 'state_dict')");
            return new PickleWeightSource(archive, tensors, metadata);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Path => _archive.Path;

    /// <inheritdoc />
    public IReadOnlyCollection<string> Keys => _tensors.Keys;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc />
    public WeightInfo Describe(string key) =>
        _tensors.TryGetValue(key, out var t) ? new WeightInfo(key, t.Shape, t.Storage.DType, Path)
        : throw new KeyNotFoundException($"{Path}: no tensor '{key}'");

    /// <inheritdoc />
    public Tensor Read(string key) =>
        _tensors.TryGetValue(key, out var t) ? _archive.Read(key, t) : throw new KeyNotFoundException($"{Path}: no tensor '{key}'");

    /// <inheritdoc />
    public void Dispose() => _archive.Dispose();

    private static string Python(object? value) => value switch
    {
        null => "None",
        IList => "list",
        PickledTensor => "single tensor",
        Razorvine.Pickle.Objects.ClassDict c => $"Python object of class '{c.ClassName}'",
        _ => value.GetType().Name,
    };
}
