namespace PixArt.Diffusion;

/// <summary>The diffusers <c>timestep_spacing</c> rules (Table 2 of arXiv:2305.08891), descending integer timesteps.</summary>
public static class TimestepSpacing
{
    /// <summary>The allowed spacing names.</summary>
    public static readonly string[] Allowed = ["linspace", "leading", "trailing"];

    /// <summary>
    /// DDIM/LCM style: <paramref name="steps"/> timesteps out of <paramref name="trainTimesteps"/>
    /// (<c>linspace(0, T−1, N)</c>, <c>arange(N)·(T//N) + offset</c>, or <c>round(arange(T, 0, −T/N)) − 1</c>).
    /// </summary>
    public static int[] Ddim(string spacing, int steps, int trainTimesteps, int stepsOffset) => spacing switch
    {
        "linspace" => BetaSchedule.Linspace(0, trainTimesteps - 1, steps).Select(v => (int)Math.Round(v)).Reverse().ToArray(),
        "leading" => Enumerable.Range(0, steps).Select(i => i * (trainTimesteps / steps) + stepsOffset).Reverse().ToArray(),
        "trailing" => Trailing(steps, trainTimesteps),
        _ => throw new ArgumentException($"timestep spacing '{spacing}' is unknown; allowed: {string.Join(", ", Allowed)}"),
    };

    /// <summary>
    /// Multistep-solver style (DPM-Solver++ and SA-Solver): <c>N+1</c> points with the last dropped for linspace and
    /// leading (ratio <c>T//(N+1)</c>), as the diffusers multistep schedulers do.
    /// </summary>
    public static int[] Multistep(string spacing, int steps, int trainTimesteps, int stepsOffset) => spacing switch
    {
        "linspace" => BetaSchedule.Linspace(0, trainTimesteps - 1, steps + 1).Select(v => (int)Math.Round(v)).Reverse().Take(steps).ToArray(),
        "leading" => Enumerable.Range(0, steps + 1).Select(i => i * (trainTimesteps / (steps + 1))).Reverse().Take(steps).Select(t => t + stepsOffset).ToArray(),
        "trailing" => Trailing(steps, trainTimesteps),
        _ => throw new ArgumentException($"timestep spacing '{spacing}' is unknown; allowed: {string.Join(", ", Allowed)}"),
    };

    // numpy arange(T, 0, -T/N): T − i·ratio while > 0, rounded half to even, minus one.
    private static int[] Trailing(int steps, int trainTimesteps)
    {
        var ratio = (double)trainTimesteps / steps;
        var count = (int)Math.Ceiling(trainTimesteps / ratio);
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(trainTimesteps - i * ratio) - 1).ToArray();
    }
}
