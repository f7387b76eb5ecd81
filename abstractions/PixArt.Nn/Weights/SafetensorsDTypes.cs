using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>The dtype names of the safetensors format and their element sizes.</summary>
public static class SafetensorsDTypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Table =
    {
        ("F64", ScalarType.Float64, 8), ("F32", ScalarType.Float32, 4), ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
    };

    /// <summary>The scalar type of a safetensors dtype name; throws naming the allowed names.</summary>
    public static ScalarType Parse(string name, string file) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } hit ? hit.Type
        : throw new PixArt.Abstractions.Weights.WeightFormatException(
            $"{file}: unsupported safetensors dtype '{name}'; supported: {string.Join(", ", Table.Select(t => t.Name))}");

    /// <summary>The safetensors name of <paramref name="type"/>.</summary>
    public static string Name(ScalarType type) =>
        Table.FirstOrDefault(t => t.Type == type) is { Name: not null } hit ? hit.Name
        : throw new ArgumentException($"dtype {type} cannot be stored in safetensors");

    /// <summary>Bytes per element of <paramref name="type"/>.</summary>
    public static int ElementSize(ScalarType type) =>
        Table.FirstOrDefault(t => t.Type == type) is { Name: not null } hit ? hit.Size
        : throw new ArgumentException($"dtype {type} has no safetensors element size");
}
