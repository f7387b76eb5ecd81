using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>
/// The fixed 2-D sin-cos positional embedding of PixArt (reference 1.4), cached per token grid, device and dtype
/// so it is built once per bucket rather than on every forward. Each axis spans <c>[0, baseSize/scale)</c> whatever
/// its token count: <c>g_i = i / (n / baseSize) / scale</c> (float32), outer product with
/// <c>ω_k = 10000^(−k/(C/4))</c> and sin/cos in float64. Channels: sin(x), cos(x), sin(y), cos(y), C/4 each,
/// x being the column (width) coordinate. Owns its cached tensors; dispose it with the module that holds it.
/// </summary>
public sealed class SinCosPositionalEmbedding : IDisposable
{
    /// <summary>Grids kept at most (the 40 aspect-ratio buckets fit); the least recently added one is freed beyond that.</summary>
    public const int Capacity = 48;

    private readonly Dictionary<(long H, long W, string Device, ScalarType DType), Tensor> _cache = new();
    private readonly Queue<(long H, long W, string Device, ScalarType DType)> _order = new();
    private readonly object _gate = new();

    /// <summary>Creates the embedding for width <paramref name="dim"/> (a multiple of 4).</summary>
    public SinCosPositionalEmbedding(long dim, double baseSize, double interpolationScale)
    {
        if (dim % 4 != 0) throw new ArgumentException($"positional embedding width {dim} must be a multiple of 4", nameof(dim));
        if (baseSize <= 0) throw new ArgumentException($"base size {baseSize} must be positive", nameof(baseSize));
        if (interpolationScale <= 0) throw new ArgumentException($"interpolation scale {interpolationScale} must be positive", nameof(interpolationScale));
        Dim = dim;
        BaseSize = baseSize;
        InterpolationScale = interpolationScale;
    }

    /// <summary>Channel count C.</summary>
    public long Dim { get; }

    /// <summary>Token count per axis the coordinates are normalised to (construction latent size / patch size).</summary>
    public double BaseSize { get; }

    /// <summary>The official <c>lewei_scale</c> / diffusers <c>interpolation_scale</c>.</summary>
    public double InterpolationScale { get; }

    /// <summary>
    /// The embedding <c>[1, h·w, C]</c> for an <paramref name="h"/>×<paramref name="w"/> token grid (token n = i·w + j).
    /// The tensor is owned by this cache: do not dispose it; it is not part of any autograd graph.
    /// </summary>
    public Tensor Get(long h, long w, Device device, ScalarType dtype)
    {
        var key = (h, w, device.ToString(), dtype);
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out var cached)) return cached;
            // Built outside inference mode and without grad, so the cached tensor can be used by later training forwards.
            using var inference = inference_mode(false);
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var table = Build(h, w).to(dtype, device);
            var kept = scope.MoveToOuter(table).DetachFromDisposeScope();
            // Bounded, so a server seeing many sizes does not accumulate device memory. The evicted grid was handed out
            // to an earlier forward, which has finished: forwards of one model run one at a time (one worker thread).
            if (_cache.Count >= Capacity && _order.TryDequeue(out var oldest) && _cache.Remove(oldest, out var evicted)) evicted.Dispose();
            _cache[key] = kept;
            _order.Enqueue(key);
            return kept;
        }
    }

    /// <summary>Computes the embedding <c>[1, h·w, C]</c> in float32 on the CPU (uncached).</summary>
    public Tensor Build(long h, long w)
    {
        using var scope = NewDisposeScope();
        var gy = arange(h, ScalarType.Float32) / ((double)h / BaseSize) / InterpolationScale; // [h] row coordinate
        var gx = arange(w, ScalarType.Float32) / ((double)w / BaseSize) / InterpolationScale; // [w] column coordinate
        var quarter = Dim / 4;
        var omega = 1.0 / pow(full(quarter, 10000.0, ScalarType.Float64), arange(quarter, ScalarType.Float64) / (double)quarter); // [C/4] float64
        var ox = outer(gx.to_type(ScalarType.Float64), omega);                                 // [w, C/4]
        var oy = outer(gy.to_type(ScalarType.Float64), omega);                                 // [h, C/4]
        var ex = cat(new[] { ox.sin(), ox.cos() }, 1).unsqueeze(0).expand(h, w, 2 * quarter);  // [h, w, C/2]
        var ey = cat(new[] { oy.sin(), oy.cos() }, 1).unsqueeze(1).expand(h, w, 2 * quarter);  // [h, w, C/2]
        var pe = cat(new[] { ex, ey }, 2).reshape(1, h * w, Dim).to_type(ScalarType.Float32);  // [1, h·w, C]
        return scope.MoveToOuter(pe);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var t in _cache.Values) t.Dispose();
            _cache.Clear();
            _order.Clear();
        }
    }
}
