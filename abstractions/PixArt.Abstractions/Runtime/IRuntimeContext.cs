using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Runtime;

/// <summary>
/// Where and in which precision tensors live. Resolved by the host from <c>PixArt:Runtime</c> after
/// libtorch has been loaded, so any code that receives it may create tensors.
/// </summary>
public interface IRuntimeContext
{
    /// <summary>The device modules and activations live on (<c>cpu</c> or <c>cuda:N</c>).</summary>
    Device Device { get; }

    /// <summary>
    /// Precision of weights and activations: <c>PixArt:Runtime:DType</c>, where <c>auto</c> is bfloat16 on CUDA and, on the
    /// CPU, what the host's policy picks (float32, or bfloat16 for generation on CPUs with native bf16: docs/numerics.md,
    /// "What auto picks").
    /// </summary>
    ScalarType DType { get; }

    /// <summary>
    /// Precision of numerically sensitive parts (timestep embedding, softmax statistics, sampler math).
    /// Always float32 today; a property so a float64 reference mode can exist without a contract change.
    /// </summary>
    ScalarType ComputeDType { get; }

    /// <summary>Creates the noise source of one run: a seeded generator whose CPU streams equal PyTorch's.</summary>
    INoiseSource CreateNoiseSource(long seed);
}
