using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// What <c>PixArt:Runtime:DType = auto</c> means for a host. On CUDA it is bfloat16 for every host. On the CPU it depends
/// on the work: generation and serving take bfloat16 where libtorch computes it natively
/// (<see cref="CpuDescription.NativeBfloat16"/>), which makes the generation itself 2–3.5× faster there
/// (docs/performance.md); training, feature extraction, evaluation and checkpoint conversion keep float32 on every CPU,
/// since their results are compared across machines, resumed on other machines and written to files, and the measured
/// bf16 training step of the emoji model is slower than float32 (docs/performance.md). An explicit <c>float32</c>,
/// <c>bfloat16</c> or <c>float16</c> always wins.
/// </summary>
/// <param name="Bfloat16OnNativeCpus">Whether <c>auto</c> picks bfloat16 on a CPU with native bf16.</param>
public sealed record AutoDTypePolicy(bool Bfloat16OnNativeCpus)
{
    /// <summary>The CLI commands that run under <see cref="Generation"/>, as help texts and <c>pixart doctor</c> name them.</summary>
    public const string GenerationCommands = "generate, serve, bench (except bench train)";

    /// <summary>The CLI commands that run under <see cref="Reproducible"/>, as help texts and <c>pixart doctor</c> name them.</summary>
    public const string ReproducibleCommands = "train, extract, bench train, eval, train-classifier, convert";

    /// <summary>
    /// Generation and serving: bfloat16 on CPUs with native bf16, else float32. Registered by the CLI for
    /// <see cref="GenerationCommands"/> and by <c>AddPixArtServer</c>; an embedding host that generates registers it itself.
    /// </summary>
    public static readonly AutoDTypePolicy Generation = new(true);

    /// <summary>
    /// Float32 on every CPU: the CLI's <see cref="ReproducibleCommands"/>, and any host that registers no policy
    /// (<c>AddPixArt</c> alone).
    /// </summary>
    public static readonly AutoDTypePolicy Reproducible = new(false);

    /// <summary>
    /// The dtype <c>auto</c> resolves to on <paramref name="device"/> for a CPU described by <paramref name="cpu"/>:
    /// bfloat16 on CUDA; on the CPU bfloat16 when this policy allows it and <see cref="CpuDescription.NativeBfloat16"/>,
    /// else float32.
    /// </summary>
    public ScalarType Resolve(Device device, CpuDescription cpu) =>
        device.type == DeviceType.CUDA || (Bfloat16OnNativeCpus && cpu.NativeBfloat16) ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>One line for <c>pixart doctor</c>: what <c>auto</c> means on this CPU for generation and for the reproducible work.</summary>
    public static string DescribeCpu(CpuDescription cpu)
    {
        if (cpu.NativeBfloat16)
            return $"auto = bfloat16 for {GenerationCommands} (the CPU has {string.Join(", ", cpu.Features.Where(CpuDescription.Bfloat16Flags.Contains))}); float32 for {ReproducibleCommands}";
        return cpu.HasBfloat16Instructions
            ? $"auto = float32 (the CPU has bf16 instructions, but oneDNN is capped at {cpu.OneDnnIsaCap}, below AVX512_CORE_BF16)"
            : "auto = float32 (the CPU has no native bf16: AVX512-BF16 or AMX-BF16)";
    }
}
