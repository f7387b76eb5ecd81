using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// Where the VAE's convolutions and linear layers compute in float32 although the activations are bf16/fp16: on the
/// CPU. libtorch's oneDNN bf16 convolution returns wrong results on some AMD CPUs with AVX512-BF16 (pytorch/pytorch
/// issue 163347: correct with oneDNN disabled); on such a CPU the bf16 VAE ended 0.12 (relative) from the reference
/// instead of 0.003 (docs/numerics.md, "bf16 VAE"). Computing these layers in float32 and rounding the result to the
/// activation dtype is what a GPU does anyway (fp32 accumulation), so every x86-64 CPU gives the same bf16 numerics.
/// On CUDA the layers run in the activation dtype.
/// </summary>
internal static class CpuFloat32Math
{
    public static bool Applies(Tensor x) =>
        x.device_type == TorchSharp.DeviceType.CPU && x.dtype is ScalarType.BFloat16 or ScalarType.Float16;
}
