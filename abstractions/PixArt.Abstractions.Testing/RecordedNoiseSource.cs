using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing;

/// <summary>
/// Replays recorded standard-normal draws: the k-th call returns <c>draws[k]</c> (reshaped to the requested shape).
/// Fails loudly when a sampler draws more often, or with another element count, than the reference did.
/// </summary>
public sealed class RecordedNoiseSource : INoiseSource
{
    private readonly Tensor _draws;

    /// <summary>Wraps <paramref name="draws"/> <c>[K, ...]</c> (not owned).</summary>
    public RecordedNoiseSource(Tensor draws) => _draws = draws;

    /// <summary>How many draws were consumed.</summary>
    public int Consumed { get; private set; }

    /// <inheritdoc />
    public Tensor StandardNormal(long[] shape, ScalarType dtype, Device device)
    {
        if (Consumed >= _draws.shape[0])
            throw new InvalidOperationException($"draw {Consumed} requested but only {_draws.shape[0]} were recorded");
        using var draw = _draws[Consumed];
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (draw.numel() != count)
            throw new InvalidOperationException($"draw {Consumed} requested shape [{string.Join(", ", shape)}] but the recording has {draw.numel()} elements ([{string.Join(", ", draw.shape)}])");
        Consumed++;
        return draw.reshape(shape).to(dtype, device);
    }

    /// <inheritdoc />
    public Tensor Uniform(long[] shape, ScalarType dtype, Device device) =>
        throw new NotSupportedException("recorded noise holds standard-normal draws only");
}
