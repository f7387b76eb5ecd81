using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>
/// Options of the <c>dpm-solver</c> sampler (DPM-Solver++ multistep), bound from <c>PixArt:Sampler</c>.
/// <see cref="Flavor"/> picks whose discretisation is reproduced.
/// </summary>
public sealed class DpmSolverOptions : SamplerOptions
{
    /// <summary>
    /// <c>diffusers</c>: <c>DPMSolverMultistepScheduler</c> (float32 schedule, integer timesteps, last step to
    /// <see cref="FinalSigmasType"/>). <c>official</c>: PixArt's <c>dpm_solver.py</c> (NoiseScheduleVP discrete, time-uniform
    /// continuous grid from 1 to 1/T, fractional model times, ends at t = 1/T after a second-order step).
    /// </summary>
    public string Flavor { get; set; } = "diffusers";

    /// <summary>Multistep order (<c>solver_order</c>): 1 or 2.</summary>
    [Range(1, 2)]
    public int SolverOrder { get; set; } = 2;

    /// <summary>
    /// Second-order formula (<c>solver_type</c>): <c>midpoint</c> (official name <c>dpmsolver</c>) or <c>heun</c>
    /// (official name <c>taylor</c>); the official names are accepted too.
    /// </summary>
    public string SolverType { get; set; } = "midpoint";

    /// <summary>Lower orders on the final steps (<c>lower_order_final</c>): diffusers below 15 steps, official below 10.</summary>
    public bool LowerOrderFinal { get; set; } = true;

    /// <summary>diffusers only: first order on the final step whatever the step count (<c>euler_at_final</c>).</summary>
    public bool EulerAtFinal { get; set; }

    /// <summary>diffusers only: σ of the end point (<c>final_sigmas_type</c>): <c>zero</c> (full denoise) or <c>sigma_min</c>.</summary>
    public string FinalSigmasType { get; set; } = "zero";

    /// <summary>diffusers only: <c>linspace</c>, <c>leading</c> or <c>trailing</c> (<c>timestep_spacing</c>).</summary>
    public string TimestepSpacing { get; set; } = "linspace";

    /// <summary>diffusers only: offset added with <c>leading</c> spacing (<c>steps_offset</c>).</summary>
    [Range(0, 1000)]
    public int StepsOffset { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (Flavor is not ("diffusers" or "official"))
            yield return new ValidationResult("allowed: diffusers, official", new[] { nameof(Flavor) });
        if (SolverType is not ("midpoint" or "heun" or "dpmsolver" or "taylor"))
            yield return new ValidationResult("allowed: midpoint (dpmsolver), heun (taylor)", new[] { nameof(SolverType) });
        if (FinalSigmasType is not ("zero" or "sigma_min"))
            yield return new ValidationResult("allowed: zero, sigma_min", new[] { nameof(FinalSigmasType) });
        if (TimestepSpacing is not ("linspace" or "leading" or "trailing"))
            yield return new ValidationResult("allowed: linspace, leading, trailing", new[] { nameof(TimestepSpacing) });
        if (Flavor == "diffusers" && PixArt.Diffusion.TimestepSpacing.MultistepProblem(TimestepSpacing, Steps, TrainTimesteps, StepsOffset) is { } grid)
            yield return new ValidationResult(grid, new[] { nameof(Steps) });
        if (Flavor == "official")
        {
            if (EulerAtFinal)
                yield return new ValidationResult("applies to Flavor 'diffusers' only; the official solver has no Euler final step", new[] { nameof(EulerAtFinal), nameof(Flavor) });
            if (FinalSigmasType != "zero")
                yield return new ValidationResult("applies to Flavor 'diffusers' only; the official solver ends at t = 1/TrainTimesteps", new[] { nameof(FinalSigmasType), nameof(Flavor) });
            if (TimestepSpacing != "linspace" || StepsOffset != 0)
                yield return new ValidationResult("applies to Flavor 'diffusers' only; the official solver uses a time-uniform continuous grid", new[] { nameof(TimestepSpacing), nameof(Flavor) });
            if (Steps < SolverOrder)
                yield return new ValidationResult($"the official multistep solver needs at least SolverOrder ({SolverOrder}) steps", new[] { nameof(Steps) });
        }
    }
}
