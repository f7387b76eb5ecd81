using System.Runtime.InteropServices;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// The CPU as a benchmark comparison needs it: its model name and the instruction sets that decide libtorch's GEMM
/// speed (AVX2, AVX-512, and native bfloat16: AVX512-BF16, AMX-BF16), and the cap on oneDNN's instruction sets when one is
/// set. Read from <c>/proc/cpuinfo</c> on Linux; elsewhere only the architecture is known (so no native bf16 is reported).
/// </summary>
/// <param name="Model">The CPU's model name.</param>
/// <param name="Features">Of the flags above, those the CPU has (the kernel's names).</param>
/// <param name="OneDnnIsaCap">
/// <c>ONEDNN_MAX_CPU_ISA</c> (or the older <c>DNNL_MAX_CPU_ISA</c>) when set: the newest instruction set libtorch's oneDNN,
/// which runs the bf16 GEMMs, may use (matched as oneDNN does: ignoring case, not blanks; an unknown name caps nothing);
/// null when unset.
/// </param>
public sealed record CpuDescription(string Model, IReadOnlyList<string> Features, string? OneDnnIsaCap = null)
{
    /// <summary>The flags looked for, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> Relevant = ["avx2", "avx512f", "avx512_bf16", "amx_bf16"];

    /// <summary>Of <see cref="Relevant"/>, the flags of native bfloat16 instructions.</summary>
    public static readonly IReadOnlyList<string> Bfloat16Flags = ["avx512_bf16", "amx_bf16"];

    /// <summary>The environment variables that cap oneDNN's instruction sets, the newer name first.</summary>
    public static readonly IReadOnlyList<string> OneDnnIsaCapVariables = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"];

    // oneDNN's ISA names (dnnl_cpu_isa_t) below AVX512_CORE_BF16: capped at one of them, oneDNN emulates bf16 GEMMs
    // (bf16 GEMMs measured 4.7x slower than float32 under AVX512_CORE, docs/performance.md).
    private static readonly HashSet<string> CapsWithoutBfloat16 =
        new(["SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2", "AVX512_CORE", "AVX512_CORE_VNNI"], StringComparer.OrdinalIgnoreCase);

    // The names at or above it; ALL means no cap.
    private static readonly HashSet<string> CapsWithBfloat16 =
        new(["AVX512_CORE_BF16", "AVX512_CORE_FP16", "AVX10_1_512", "AVX512_CORE_AMX", "AVX10_1_512_AMX", "AVX512_CORE_AMX_FP16",
            "AVX10_1_512_AMX_FP16", "AVX10_2_512", "AVX10_2_512_AMX_2"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the CPU has native bfloat16 instructions (AVX512-BF16 or AMX-BF16), whatever oneDNN is allowed.</summary>
    public bool HasBfloat16Instructions => Features.Any(Bfloat16Flags.Contains);

    /// <summary>Whether oneDNN is capped below the bf16 instructions (<see cref="OneDnnIsaCap"/>).</summary>
    public bool OneDnnCappedBelowBfloat16 => OneDnnIsaCap is not null && CapsWithoutBfloat16.Contains(OneDnnIsaCap);

    /// <summary>Whether libtorch computes bfloat16 natively here: the CPU has the instructions and oneDNN may use them.</summary>
    public bool NativeBfloat16 => HasBfloat16Instructions && !OneDnnCappedBelowBfloat16;

    /// <summary>The CPU this process runs on.</summary>
    public static CpuDescription Current() => Read("/proc/cpuinfo", Environment.GetEnvironmentVariable);

    /// <summary>
    /// Reads <paramref name="cpuinfo"/> (Linux's format; a missing file gives the architecture and no features) and the
    /// oneDNN cap from <paramref name="environment"/>: the first of <see cref="OneDnnIsaCapVariables"/> that is set and not
    /// empty, as oneDNN reads them.
    /// </summary>
    public static CpuDescription Read(string cpuinfo, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var cap = OneDnnIsaCapVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (!File.Exists(cpuinfo)) return new(RuntimeInformation.ProcessArchitecture.ToString(), [], cap);
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
        return new(model ?? RuntimeInformation.ProcessArchitecture.ToString(), Relevant.Where(f => flags?.Contains(f) == true).ToList(), cap);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var details = Features.ToList();
        if (OneDnnIsaCap is not null && (CapsWithoutBfloat16.Contains(OneDnnIsaCap) || CapsWithBfloat16.Contains(OneDnnIsaCap)))
            details.Add($"oneDNN capped at {OneDnnIsaCap}");
        else if (OneDnnIsaCap is not null && !OneDnnIsaCap.Equals("ALL", StringComparison.OrdinalIgnoreCase))
            details.Add($"oneDNN ISA cap '{OneDnnIsaCap}' is no ISA name: ignored");
        return details.Count == 0 ? Model : $"{Model} ({string.Join(", ", details)})";
    }
}
