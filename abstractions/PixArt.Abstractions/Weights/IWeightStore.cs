using static TorchSharp.torch;

namespace PixArt.Abstractions.Weights;

/// <summary>Host service that opens and writes checkpoints in the formats the framework supports.</summary>
public interface IWeightStore
{
    /// <summary>
    /// Opens <paramref name="path"/>: a <c>.safetensors</c> file, a sharded set's <c>*.index.json</c>, a PyTorch
    /// <c>.pth</c>/<c>.bin</c> (state dict, or a dict holding it under <c>state_dict</c>), or a folder holding one of
    /// these (Hugging Face component layout). Throws <see cref="WeightFormatException"/> naming the path on failure.
    /// </summary>
    IWeightSource Open(string path);

    /// <summary>Writes <paramref name="tensors"/> to a safetensors file atomically (temporary file, then rename).</summary>
    void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null);
}
