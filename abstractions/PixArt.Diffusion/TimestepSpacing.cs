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

    /// <summary>
    /// Why a multistep grid (<see cref="Multistep"/>) of <paramref name="steps"/> cannot be used, or null: rounding can repeat
    /// a timestep (linspace with N = T, leading with T//(N+1) = 0), which a multistep solver divides by the zero step size
    /// of, and an offset can push timesteps past the schedule. For the options validators, so such a grid is refused before
    /// any work.
    /// </summary>
    public static string? MultistepProblem(string spacing, int steps, int trainTimesteps, int stepsOffset)
    {
        if (!Allowed.Contains(spacing) || steps < 1 || steps > trainTimesteps) return null; // reported by the other rules
        var grid = Multistep(spacing, steps, trainTimesteps, stepsOffset);
        if (grid.Any(t => t < 0 || t >= trainTimesteps))
            return $"with {spacing} spacing and StepsOffset {stepsOffset}, {steps} steps reach timestep {grid.Max()}, past the schedule (0..{trainTimesteps - 1}); lower StepsOffset or Steps";
        if (grid.Distinct().Count() != grid.Length)
            return $"with {spacing} spacing, {steps} steps out of {trainTimesteps} repeat timesteps (the grid is rounded to whole timesteps); choose at most {MaxDistinct(spacing, trainTimesteps, stepsOffset)} steps or trailing spacing";
        return null;
    }

    private static int MaxDistinct(string spacing, int trainTimesteps, int stepsOffset)
    {
        for (var n = trainTimesteps; n > 1; n--)
        {
            var grid = Multistep(spacing, n, trainTimesteps, stepsOffset);
            if (grid.Distinct().Count() == grid.Length && grid.All(t => t >= 0 && t < trainTimesteps)) return n;
        }
        return 1;
    }

    // numpy arange(T, 0, -T/N): T − i·ratio while > 0, rounded half to even, minus one.
    private static int[] Trailing(int steps, int trainTimesteps)
    {
        var ratio = (double)trainTimesteps / steps;
        var count = (int)Math.Ceiling(trainTimesteps / ratio);
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(trainTimesteps - i * ratio) - 1).ToArray();
    }
}
