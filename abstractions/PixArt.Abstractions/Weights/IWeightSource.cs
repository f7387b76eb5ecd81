using static TorchSharp.torch;

namespace PixArt.Abstractions.Weights;

/// <summary>
/// An opened checkpoint (one file, or a sharded set behind an index). Tensors are read one at a time,
/// so loading needs about one extra copy of a single tensor, not of the whole model.
/// </summary>
public interface IWeightSource : IDisposable
{
    /// <summary>What was opened (file or folder), for messages.</summary>
    string Path { get; }

    /// <summary>Every key in the checkpoint.</summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>Shape, dtype and file of <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> naming the file when absent.</summary>
    WeightInfo Describe(string key);

    /// <summary>Reads <paramref name="key"/> as a new CPU tensor in its stored dtype, owned by the caller.</summary>
    Tensor Read(string key);

    /// <summary>Metadata stored with the checkpoint (safetensors <c>__metadata__</c>; empty when none).</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }
}
