using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// The noise of a batch drawn from one seeded stream per image: a draw of shape <c>[B, ...]</c> takes row b from stream b
/// (each row drawn as <c>[1, ...]</c>), so image k of a batch sees exactly the draws a run of that image alone sees, for every
/// sampler. Draws whose first dimension is not the batch are refused: they could not be split per image.
/// </summary>
public sealed class BatchNoiseSource : INoiseSource, IDisposable
{
    private readonly GeneratorNoiseSource[] _streams;

    /// <summary>One stream per seed, in batch order.</summary>
    public BatchNoiseSource(IEnumerable<long> seeds)
    {
        _streams = seeds.Select(s => new GeneratorNoiseSource(s)).ToArray();
        if (_streams.Length == 0) throw new ArgumentException("a batch needs at least one seed", nameof(seeds));
    }

    /// <inheritdoc />
    public Tensor StandardNormal(long[] shape, ScalarType dtype, Device device) => Draw(shape, s => s.StandardNormal(RowShape(shape), dtype, device));

    /// <inheritdoc />
    public Tensor Uniform(long[] shape, ScalarType dtype, Device device) => Draw(shape, s => s.Uniform(RowShape(shape), dtype, device));

    private Tensor Draw(long[] shape, Func<GeneratorNoiseSource, Tensor> draw)
    {
        if (shape.Length == 0 || shape[0] != _streams.Length)
            throw new InvalidOperationException($"a batch of {_streams.Length} draws noise per image; a draw of shape [{string.Join(", ", shape)}] does not have the batch first");
        if (_streams.Length == 1) return draw(_streams[0]);
        var rows = _streams.Select(draw).ToArray();
        try
        {
            return cat(rows, 0);
        }
        finally
        {
            foreach (var row in rows) row.Dispose();
        }
    }

    private static long[] RowShape(long[] shape) => [1, .. shape[1..]];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stream in _streams) stream.Dispose();
    }
}
