using PixArt.Abstractions.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// Noise from one seeded CPU generator. Draws are made on the CPU in float32 (so a seed gives PyTorch's stream,
/// whatever the device) and then moved to the requested device and dtype.
/// </summary>
public sealed class GeneratorNoiseSource : INoiseSource, IDisposable
{
    private readonly Generator _generator;

    /// <summary>Seeds the generator like <c>torch.Generator().manual_seed(seed)</c>.</summary>
    public GeneratorNoiseSource(long seed)
    {
        _generator = new Generator((ulong)seed, CPU);
    }

    /// <inheritdoc />
    public Tensor StandardNormal(long[] shape, ScalarType dtype, Device device)
    {
        using var cpu = randn(shape, ScalarType.Float32, CPU, generator: _generator);
        return cpu.to(dtype, device);
    }

    /// <inheritdoc />
    public Tensor Uniform(long[] shape, ScalarType dtype, Device device)
    {
        using var cpu = rand(shape, ScalarType.Float32, CPU, generator: _generator);
        return cpu.to(dtype, device);
    }

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();
}
