using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Sampling;

/// <summary>A float32 CPU runtime for component tests that must not depend on the host.</summary>
public sealed class MinimalCpuRuntime : IRuntimeContext
{
    /// <inheritdoc />
    public Device Device => CPU;

    /// <inheritdoc />
    public ScalarType DType => ScalarType.Float32;

    /// <inheritdoc />
    public ScalarType ComputeDType => ScalarType.Float32;

    /// <inheritdoc />
    public INoiseSource CreateNoiseSource(long seed) => new SeededNoiseSource(seed);
}
