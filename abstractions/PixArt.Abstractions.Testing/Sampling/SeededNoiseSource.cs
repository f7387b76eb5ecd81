using PixArt.Abstractions.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Sampling;

/// <summary>
/// Noise from one seeded CPU <see cref="Generator"/> (float32 draws, then converted), for tests that cannot use the
/// host's generator source. <see cref="Reset"/> restarts the stream.
/// </summary>
public sealed class SeededNoiseSource : INoiseSource, IDisposable
{
    private readonly long _seed;
    private Generator _generator;

    /// <summary>Seeds the stream like <c>torch.Generator().manual_seed(seed)</c>.</summary>
    public SeededNoiseSource(long seed)
    {
        _seed = seed;
        _generator = new Generator((ulong)seed, CPU);
    }

    /// <summary>Number of draws made since creation or the last <see cref="Reset"/>.</summary>
    public int Draws { get; private set; }

    /// <summary>Restarts the stream at its seed.</summary>
    public void Reset()
    {
        _generator.Dispose();
        _generator = new Generator((ulong)_seed, CPU);
        Draws = 0;
    }

    /// <inheritdoc />
    public Tensor StandardNormal(long[] shape, ScalarType dtype, Device device)
    {
        Draws++;
        using var cpu = randn(shape, ScalarType.Float32, CPU, generator: _generator);
        return cpu.to(dtype, device, copy: true);
    }

    /// <inheritdoc />
    public Tensor Uniform(long[] shape, ScalarType dtype, Device device)
    {
        Draws++;
        using var cpu = rand(shape, ScalarType.Float32, CPU, generator: _generator);
        return cpu.to(dtype, device, copy: true);
    }

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();
}
