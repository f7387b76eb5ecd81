using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// Every random draw of training after the data order, from one seeded CPU generator (timesteps, noise, dropout,
/// posterior samples), in a fixed order per step; its state goes into checkpoints, so a resumed run draws what an
/// uninterrupted run would. Draws are made on the CPU in float32 and then moved, so a seed gives the same stream on any device.
/// </summary>
public sealed class TrainingRandom : INoiseSource, IDisposable
{
    private readonly Generator _generator;

    /// <summary>A generator seeded like <c>torch.Generator().manual_seed(seed)</c>.</summary>
    public TrainingRandom(long seed) => _generator = new Generator((ulong)seed, CPU);

    /// <summary>Integer timesteps <c>[count]</c> uniform in [0, <paramref name="timesteps"/>) (reference 3.4), on <paramref name="device"/>.</summary>
    public Tensor Timesteps(long count, int timesteps, Device device)
    {
        using var cpu = randint(0, timesteps, [count], ScalarType.Int64, CPU, generator: _generator);
        return cpu.to(device);
    }

    /// <summary>Which of <paramref name="count"/> samples to drop (true with probability <paramref name="probability"/>).</summary>
    public Tensor Dropout(long count, double probability, Device device)
    {
        using var cpu = rand([count], ScalarType.Float32, CPU, generator: _generator);
        using var drop = cpu.lt(probability);
        return drop.to(device);
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

    /// <summary>The generator's state (for a checkpoint).</summary>
    public byte[] State()
    {
        using var state = _generator.get_state();
        return state.bytes.ToArray();
    }

    /// <summary>Restores a state made by <see cref="State"/>.</summary>
    public void Restore(byte[] state)
    {
        using var saved = tensor(state, ScalarType.Byte);
        _generator.set_state(saved);
    }

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();
}
