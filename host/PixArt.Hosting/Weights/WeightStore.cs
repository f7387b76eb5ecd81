using PixArt.Abstractions.Weights;
using PixArt.Nn.Weights;
using static TorchSharp.torch;

namespace PixArt.Hosting.Weights;

/// <summary>Opens safetensors (single or sharded), PyTorch pickle checkpoints and Hugging Face component folders.</summary>
public sealed class WeightStore : IWeightStore
{
    /// <summary>File names looked for inside a component folder, in order of preference.</summary>
    public static readonly string[] FolderCandidates =
    {
        "diffusion_pytorch_model.safetensors.index.json", "model.safetensors.index.json",
        "diffusion_pytorch_model.safetensors", "model.safetensors",
        "diffusion_pytorch_model.bin", "pytorch_model.bin",
    };

    /// <inheritdoc />
    public IWeightSource Open(string path)
    {
        if (Directory.Exists(path)) return OpenFolder(path);
        if (!File.Exists(path)) throw new WeightFormatException($"{path}: no such file or folder");
        var name = Path.GetFileName(path);
        if (name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)) return SafetensorsFile.Open(path);
        if (name.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
        {
            if (name.Contains(".bin.", StringComparison.OrdinalIgnoreCase))
                throw new WeightFormatException($"{path}: sharded PyTorch pickle checkpoints are not supported; convert them to safetensors (the shards' index names .bin files)");
            return ShardedWeightSource.Open(path);
        }
        if (name.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".pt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ckpt", StringComparison.OrdinalIgnoreCase))
            return PickleWeightSource.Open(path);
        throw new WeightFormatException($"{path}: unknown checkpoint format; expected .safetensors, *.safetensors.index.json, .pth, .bin, .pt or a folder holding one");
    }

    /// <inheritdoc />
    public void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, tensors, metadata);

    private IWeightSource OpenFolder(string folder)
    {
        foreach (var candidate in FolderCandidates)
        {
            var full = Path.Combine(folder, candidate);
            if (File.Exists(full)) return Open(full);
        }
        var safetensors = Directory.GetFiles(folder, "*.safetensors");
        var indexes = Directory.GetFiles(folder, "*.safetensors.index.json");
        if (indexes.Length == 1) return Open(indexes[0]);
        if (safetensors.Length == 1) return Open(safetensors[0]);
        var pth = Directory.GetFiles(folder, "*.pth");
        if (pth.Length == 1) return Open(pth[0]);
        throw new WeightFormatException(
            $"{folder}: no single checkpoint found; expected one of {string.Join(", ", FolderCandidates)}, or exactly one *.safetensors, *.safetensors.index.json or *.pth");
    }
}
