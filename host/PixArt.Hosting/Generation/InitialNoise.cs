using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// The starting latents of a batch and the seeds of its samplers' noise: image i starts from a standard-normal draw of its
/// own seed (on the CPU generator in float32, so a seed reproduces PyTorch's stream and an image is reproducible alone),
/// and a stochastic sampler draws image i's noise from the stream <c>seed + </c><see cref="SamplerNoiseOffset"/>.
/// </summary>
public static class InitialNoise
{
    /// <summary>Offset between an image seed and the seed of the sampler's own noise stream for that image.</summary>
    public const long SamplerNoiseOffset = 1_000_003;

    /// <summary>Latents <c>[B, channels, height, width]</c> (float32, on <paramref name="runtime"/>'s device), one row per seed.</summary>
    public static Tensor Latents(IReadOnlyList<long> seeds, int channels, int height, int width, IRuntimeContext runtime)
    {
        var shape = new long[] { 1, channels, height, width };
        var rows = seeds.Select(seed =>
        {
            var source = runtime.CreateNoiseSource(seed);
            try { return source.StandardNormal(shape, ScalarType.Float32, runtime.Device); }
            finally { (source as IDisposable)?.Dispose(); }
        }).ToArray();
        try { return cat(rows, 0); }
        finally { foreach (var row in rows) row.Dispose(); }
    }

    /// <summary>The seeds of the samplers' per-image noise streams.</summary>
    public static IEnumerable<long> SamplerSeeds(IReadOnlyList<long> seeds) => seeds.Select(s => s + SamplerNoiseOffset);
}
