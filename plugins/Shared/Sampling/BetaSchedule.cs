using PixArt.Abstractions.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.Shared;

/// <summary>The β schedules of the samplers, in the precision each reference uses.</summary>
internal static class BetaSchedule
{
    /// <summary>
    /// diffusers: <c>torch.linspace</c> in float32 (squared for <c>scaled_linear</c>) and a float32 cumprod.
    /// Built with libtorch itself so the values equal the reference bit for bit.
    /// </summary>
    public static float[] AlphasCumprodFloat32(SamplerOptions options)
    {
        using var scope = NewDisposeScope();
        var n = options.TrainTimesteps;
        var betas = options.BetaSchedule == "scaled_linear"
            ? linspace(Math.Sqrt(options.BetaStart), Math.Sqrt(options.BetaEnd), n, ScalarType.Float32).pow(2)
            : linspace(options.BetaStart, options.BetaEnd, n, ScalarType.Float32);
        var alphasCumprod = (1.0f - betas).cumprod(0, ScalarType.Float32);
        return alphasCumprod.data<float>().ToArray();
    }

    /// <summary>σ = √((1−ᾱ)/ᾱ) in float32, as diffusers computes it from its float32 ᾱ.</summary>
    public static float[] Sigmas(float[] alphasCumprod)
    {
        using var scope = NewDisposeScope();
        var ac = tensor(alphasCumprod);
        return ((1f - ac) / ac).pow(0.5).data<float>().ToArray();
    }

    /// <summary>
    /// Official IDDPM code: numpy <c>linspace</c> in float64 (<c>start + i·step</c>, last element exactly the end),
    /// the β range scaled by 1000/T as <c>get_named_beta_schedule("linear")</c> does.
    /// </summary>
    public static double[] BetasFloat64(SamplerOptions options)
    {
        var n = options.TrainTimesteps;
        var scale = 1000.0 / n;
        if (options.BetaSchedule == "scaled_linear")
        {
            var a = Linspace(Math.Sqrt(options.BetaStart), Math.Sqrt(options.BetaEnd), n);
            return a.Select(v => v * v).ToArray();
        }
        return Linspace(scale * options.BetaStart, scale * options.BetaEnd, n);
    }

    /// <summary>Sequential cumulative product of 1 − β (as numpy's cumprod).</summary>
    public static double[] AlphasCumprod(double[] betas)
    {
        var result = new double[betas.Length];
        var product = 1.0;
        for (var i = 0; i < betas.Length; i++)
        {
            product *= 1.0 - betas[i];
            result[i] = product;
        }
        return result;
    }

    /// <summary>numpy <c>linspace(start, end, n)</c> in float64.</summary>
    public static double[] Linspace(double start, double end, int n)
    {
        var result = new double[n];
        if (n == 1) { result[0] = start; return result; }
        var step = (end - start) / (n - 1);
        for (var i = 0; i < n; i++) result[i] = i * step + start;
        result[n - 1] = end;
        return result;
    }
}
