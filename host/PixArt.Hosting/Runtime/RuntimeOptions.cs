using System.ComponentModel.DataAnnotations;

namespace PixArt.Hosting.Runtime;

/// <summary>Settings of <c>PixArt:Runtime</c>.</summary>
public sealed class RuntimeOptions : IValidatableObject
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Runtime";

    /// <summary><c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c> (CUDA when available, else CPU).</summary>
    public string Device { get; set; } = "cpu";

    /// <summary>
    /// <see cref="AutoDType"/>, <c>float32</c>, <c>bfloat16</c> or <c>float16</c>. <c>auto</c> resolves by the host's
    /// <see cref="AutoDTypePolicy"/>.
    /// </summary>
    public string DType { get; set; } = AutoDType;

    /// <summary>The <see cref="DType"/> value that lets the host's <see cref="AutoDTypePolicy"/> choose.</summary>
    public const string AutoDType = "auto";

    /// <summary>External libtorch folder (overrides the packaged CPU libtorch; <c>PIXART_LIBTORCH</c> does the same).</summary>
    public string? LibTorchPath { get; set; }

    /// <summary>CPU threads libtorch may use (0 = libtorch's default).</summary>
    [Range(0, 1024)]
    public int Threads { get; set; }

    /// <summary>Allowed values of <see cref="DType"/>.</summary>
    public static readonly string[] DTypes = { AutoDType, "float32", "bfloat16", "float16" };

    /// <summary>The <see cref="DType"/> values other than <c>auto</c> and the dtypes they name.</summary>
    public static readonly IReadOnlyDictionary<string, TorchSharp.torch.ScalarType> NamedDTypes = new Dictionary<string, TorchSharp.torch.ScalarType>
    {
        ["float32"] = TorchSharp.torch.ScalarType.Float32,
        ["bfloat16"] = TorchSharp.torch.ScalarType.BFloat16,
        ["float16"] = TorchSharp.torch.ScalarType.Float16,
    };

    /// <summary>The <see cref="DType"/> value naming <paramref name="dtype"/> (<c>float32</c>, <c>bfloat16</c>, <c>float16</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not one of the three.</exception>
    public static string DTypeName(TorchSharp.torch.ScalarType dtype) =>
        NamedDTypes.FirstOrDefault(n => n.Value == dtype).Key ?? throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "not a runtime dtype");

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsValidDevice(Device))
            yield return new ValidationResult("allowed: cpu, cuda, cuda:N, auto", new[] { nameof(Device) });
        if (!DTypes.Contains(DType))
            yield return new ValidationResult($"allowed: {string.Join(", ", DTypes)}", new[] { nameof(DType) });
        if (LibTorchPath is { Length: > 0 } && !Directory.Exists(LibTorchPath))
            yield return new ValidationResult("folder does not exist", new[] { nameof(LibTorchPath) });
    }

    /// <summary>Whether <paramref name="device"/> is cpu, cuda, cuda:N or auto.</summary>
    public static bool IsValidDevice(string device) =>
        device is "cpu" or "cuda" or "auto" || (device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out var i) && i >= 0);
}
