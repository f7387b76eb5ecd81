using PixArt.Abstractions.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Diffusion;

/// <summary>
/// The β schedules of the diffusion process, in the precision each reference uses: diffusers' float32 tables (most
/// samplers) and the official IDDPM float64 tables (training, <c>iddpm</c>, the official DPM-Solver grid). Reference 3.1.
/// </summary>
public static class BetaSchedule
{
    /// <summary>
    /// diffusers: <c>torch.linspace</c> in float32 (squared for <c>scaled_linear</c>) and a float32 cumprod.
    /// Built with libtorch itself so the values equal the reference bit for bit.
    /// </summary>
    public static float[] AlphasCumprodFloat32(NoiseSchedule schedule)
    {
        using var scope = NewDisposeScope();
        var n = schedule.TrainTimesteps;
        var betas = schedule.Kind == "scaled_linear"
            ? linspace(Math.Sqrt(schedule.BetaStart), Math.Sqrt(schedule.BetaEnd), n, ScalarType.Float32).pow(2)
            : linspace(schedule.BetaStart, schedule.BetaEnd, n, ScalarType.Float32);
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
    public static double[] BetasFloat64(NoiseSchedule schedule)
    {
        var n = schedule.TrainTimesteps;
        var scale = 1000.0 / n;
        if (schedule.Kind == "scaled_linear")
        {
            var a = Linspace(Math.Sqrt(schedule.BetaStart), Math.Sqrt(schedule.BetaEnd), n);
            return a.Select(v => v * v).ToArray();
        }
        return Linspace(scale * schedule.BetaStart, scale * schedule.BetaEnd, n);
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
