using System.Runtime.InteropServices;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// The CPU as a benchmark comparison needs it: its model name and the instruction sets that decide libtorch's GEMM
/// speed (AVX2, AVX-512, and native bfloat16: AVX512-BF16, AMX-BF16). Read from <c>/proc/cpuinfo</c> on Linux; elsewhere
/// only the architecture is known.
/// </summary>
/// <param name="Model">The CPU's model name.</param>
/// <param name="Features">Of the flags above, those the CPU has (the kernel's names).</param>
public sealed record CpuDescription(string Model, IReadOnlyList<string> Features)
{
    /// <summary>The flags looked for, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> Relevant = ["avx2", "avx512f", "avx512_bf16", "amx_bf16"];

    /// <summary>Whether the CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16).</summary>
    public bool NativeBfloat16 => Features.Contains("avx512_bf16") || Features.Contains("amx_bf16");

    /// <summary>The CPU this process runs on.</summary>
    public static CpuDescription Current()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return new(RuntimeInformation.ProcessArchitecture.ToString(), []);
        string? model = null;
        HashSet<string>? flags = null;
        foreach (var line in File.ReadLines(cpuinfo))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            if (model is null && key == "model name") model = line[(colon + 1)..].Trim();
            else if (flags is null && key == "flags") flags = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            if (model is not null && flags is not null) break;
        }
        return new(model ?? RuntimeInformation.ProcessArchitecture.ToString(), Relevant.Where(f => flags?.Contains(f) == true).ToList());
    }

    /// <inheritdoc />
    public override string ToString() => Features.Count == 0 ? Model : $"{Model} ({string.Join(", ", Features)})";
}
