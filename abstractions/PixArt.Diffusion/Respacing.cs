namespace PixArt.Diffusion;

/// <summary>IDDPM's <c>space_timesteps</c> and the respaced β of <c>SpacedDiffusion</c>.</summary>
public static class Respacing
{
    /// <summary>
    /// The kept original timesteps, ascending. <c>uniform</c>: one section, <c>round(k·(T−1)/(N−1))</c> accumulated as the
    /// reference does (round half to even); <c>ddim</c>: <c>range(0, T, stride)</c> with the stride giving exactly N.
    /// </summary>
    public static int[] SpaceTimesteps(int trainTimesteps, int steps, string mode)
    {
        if (steps < 1 || steps > trainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"must be between 1 and {trainTimesteps}");
        if (mode == "ddim")
        {
            for (var stride = 1; stride < trainTimesteps; stride++)
                if ((trainTimesteps + stride - 1) / stride == steps)
                    return Enumerable.Range(0, steps).Select(i => i * stride).ToArray();
            throw new ArgumentException($"cannot create exactly {steps} steps with an integer stride out of {trainTimesteps}");
        }
        if (mode != "uniform")
            throw new ArgumentException($"respacing '{mode}' is unknown; allowed: uniform, ddim", nameof(mode));
        if (steps == 1) return [0];
        var stride1 = (trainTimesteps - 1) / (double)(steps - 1);
        var taken = new int[steps];
        var current = 0.0;
        for (var i = 0; i < steps; i++)
        {
            taken[i] = (int)Math.Round(current, MidpointRounding.ToEven);
            current += stride1;
        }
        return taken;
    }

    /// <summary>β'_k = 1 − ᾱ_{τ_k}/ᾱ_{τ_{k−1}} (ᾱ before the first kept step is 1).</summary>
    public static double[] RespacedBetas(double[] alphasCumprod, IReadOnlyList<int> kept)
    {
        var betas = new double[kept.Count];
        var last = 1.0;
        for (var k = 0; k < kept.Count; k++)
        {
            var ac = alphasCumprod[kept[k]];
            betas[k] = 1 - ac / last;
            last = ac;
        }
        return betas;
    }
}
