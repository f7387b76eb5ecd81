using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>
/// The sinusoidal timestep features of PixArt/DiT (reference 1.5): <c>[cos(t·f), sin(t·f)]</c> with cos first,
/// <c>f_k = exp(−ln(max_period)·k/half)</c>, computed in float32.
/// </summary>
public static class TimestepSinusoid
{
    /// <summary>The feature width PixArt uses.</summary>
    public const int DefaultDim = 256;

    /// <summary>The maximum period PixArt uses.</summary>
    public const double DefaultMaxPeriod = 10000;

    /// <summary>Features <c>[N, dim]</c> (float32, on the device of <paramref name="t"/>) of the values <paramref name="t"/> <c>[N]</c>.</summary>
    public static Tensor Embed(Tensor t, int dim = DefaultDim, double maxPeriod = DefaultMaxPeriod)
    {
        using var scope = NewDisposeScope();
        var half = dim / 2;
        var k = arange(half, ScalarType.Float32, t.device);                              // [half]
        var freqs = (k * -Math.Log(maxPeriod) / (double)half).exp();                     // [half], same rounding order as the references
        var args = t.to_type(ScalarType.Float32).reshape(-1, 1) * freqs.unsqueeze(0);   // [N, half]
        var emb = cat(new[] { args.cos(), args.sin() }, 1);                              // [N, 2·half]
        if (dim % 2 == 1) emb = nn.functional.pad(emb, new long[] { 0, 1 });
        return scope.MoveToOuter(emb);
    }
}
