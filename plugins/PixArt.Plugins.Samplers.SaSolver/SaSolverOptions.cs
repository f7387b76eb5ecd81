using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.SaSolver;

/// <summary>
/// Options of the <c>sa-solver</c> sampler (diffusers <c>SASolverScheduler</c>, data prediction), bound from
/// <c>PixArt:Sampler</c>. The stochasticity τ(t) is <see cref="Tau"/> for integer timesteps in
/// [<see cref="TauStartTimestep"/>, <see cref="TauEndTimestep"/>] and 0 elsewhere (PixArt's default: 1 on [200, 800]).
/// </summary>
public sealed class SaSolverOptions : SamplerOptions
{
    /// <summary>Creates the options with PixArt's defaults (25 steps).</summary>
    public SaSolverOptions() => Steps = 25;

    /// <summary>Order of the stochastic Adams–Bashforth predictor (<c>predictor_order</c>), 1..4.</summary>
    [Range(1, 4)]
    public int PredictorOrder { get; set; } = 2;

    /// <summary>Order of the stochastic Adams–Moulton corrector (<c>corrector_order</c>), 1..4.</summary>
    [Range(1, 4)]
    public int CorrectorOrder { get; set; } = 2;

    /// <summary>τ inside the window (η of the official sampler); 0 gives the deterministic ODE solver. ≥ 0.</summary>
    [Range(0.0, 100.0)]
    public double Tau { get; set; } = 1.0;

    /// <summary>First integer timestep (inclusive) where τ applies.</summary>
    [Range(0, 100000)]
    public int TauStartTimestep { get; set; } = 200;

    /// <summary>Last integer timestep (inclusive) where τ applies.</summary>
    [Range(0, 100000)]
    public int TauEndTimestep { get; set; } = 800;

    /// <summary>Lower orders on the last steps (<c>lower_order_final</c>).</summary>
    public bool LowerOrderFinal { get; set; } = true;

    /// <summary><c>linspace</c>, <c>leading</c> or <c>trailing</c> (<c>timestep_spacing</c>).</summary>
    public string TimestepSpacing { get; set; } = "linspace";

    /// <summary>Offset added with <c>leading</c> spacing (<c>steps_offset</c>).</summary>
    [Range(0, 1000)]
    public int StepsOffset { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (TimestepSpacing is not ("linspace" or "leading" or "trailing"))
            yield return new ValidationResult("allowed: linspace, leading, trailing", new[] { nameof(TimestepSpacing) });
        if (PixArt.Diffusion.TimestepSpacing.MultistepProblem(TimestepSpacing, Steps, TrainTimesteps, StepsOffset) is { } grid)
            yield return new ValidationResult(grid, new[] { nameof(Steps) });
        if (TauStartTimestep > TauEndTimestep)
            yield return new ValidationResult($"must not exceed TauEndTimestep ({TauEndTimestep})", new[] { nameof(TauStartTimestep) });
    }

    /// <summary>τ at integer timestep <paramref name="timestep"/>.</summary>
    public double TauAt(double timestep) => timestep >= TauStartTimestep && timestep <= TauEndTimestep ? Tau : 0.0;
}
