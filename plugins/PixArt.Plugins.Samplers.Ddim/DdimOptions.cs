using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Ddim;

/// <summary>Options of the <c>ddim</c> sampler (diffusers <c>DDIMScheduler</c> semantics), bound from <c>PixArt:Sampler</c>.</summary>
public sealed class DdimOptions : SamplerOptions
{
    /// <summary>η: 0 is deterministic DDIM, 1 the DDPM-like variance. Must be ≥ 0.</summary>
    [Range(0.0, 100.0)]
    public double Eta { get; set; }

    /// <summary>How timesteps are spread (<c>timestep_spacing</c>): <c>leading</c>, <c>linspace</c> or <c>trailing</c>.</summary>
    public string TimestepSpacing { get; set; } = "leading";

    /// <summary>Offset added to the timesteps with <c>leading</c> spacing (<c>steps_offset</c>).</summary>
    [Range(0, 1000)]
    public int StepsOffset { get; set; }

    /// <summary>Uses ᾱ = 1 before the first training step (<c>set_alpha_to_one</c>); otherwise ᾱ_0.</summary>
    public bool SetAlphaToOne { get; set; } = true;

    /// <summary>Clips the predicted x₀ to ±<see cref="ClipSampleRange"/> (<c>clip_sample</c>). Off by default: latents are not bounded.</summary>
    public bool ClipSample { get; set; }

    /// <summary>Bound of <see cref="ClipSample"/> (<c>clip_sample_range</c>), &gt; 0.</summary>
    [Range(1e-6, 1e6)]
    public double ClipSampleRange { get; set; } = 1.0;

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (TimestepSpacing is not ("leading" or "linspace" or "trailing"))
            yield return new ValidationResult("allowed: leading, linspace, trailing", new[] { nameof(TimestepSpacing) });
        if (TimestepSpacing == "leading" && (Steps > 0 && (long)(Steps - 1) * (TrainTimesteps / Steps) + StepsOffset >= TrainTimesteps))
            yield return new ValidationResult($"with leading spacing the first timestep ({(Steps - 1) * (TrainTimesteps / Math.Max(Steps, 1)) + StepsOffset}) must stay below TrainTimesteps ({TrainTimesteps})", new[] { nameof(StepsOffset) });
    }
}
