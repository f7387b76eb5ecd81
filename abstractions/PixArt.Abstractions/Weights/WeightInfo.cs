using static TorchSharp.torch;

namespace PixArt.Abstractions.Weights;

/// <summary>Shape and stored dtype of one tensor in a weight file, and the file it lives in.</summary>
/// <param name="Key">The key as stored.</param>
/// <param name="Shape">The stored shape.</param>
/// <param name="DType">The stored dtype.</param>
/// <param name="File">The file holding it (a shard, for sharded checkpoints).</param>
public sealed record WeightInfo(string Key, long[] Shape, ScalarType DType, string File);
