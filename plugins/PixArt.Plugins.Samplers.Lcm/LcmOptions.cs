using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Lcm;

/// <summary>Options of the <c>lcm</c> sampler (diffusers <c>LCMScheduler</c> semantics), bound from <c>PixArt:Sampler</c>.</summary>
public sealed class LcmOptions : SamplerOptions
{
    /// <summary>Creates the options with PixArt-LCM's defaults (4 steps, no guidance).</summary>
    public LcmOptions()
    {
        Steps = 4;
        GuidanceScale = 0;
    }

    /// <summary>Steps of the distillation skeleton the timesteps are picked from (<c>original_inference_steps</c>), 1..TrainTimesteps.</summary>
    [Range(1, 100000)]
    public int OriginalInferenceSteps { get; set; } = 50;

    /// <summary>Factor on the timestep in the boundary-condition scalings (<c>timestep_scaling</c>), &gt; 0.</summary>
    [Range(1e-6, 1e6)]
    public double TimestepScaling { get; set; } = 10.0;

    /// <summary>Uses ᾱ = 1 before the first training step (<c>set_alpha_to_one</c>); otherwise ᾱ_0.</summary>
    public bool SetAlphaToOne { get; set; } = true;

    /// <summary>Clips the predicted x₀ to ±<see cref="ClipSampleRange"/> (<c>clip_sample</c>).</summary>
    public bool ClipSample { get; set; }

    /// <summary>Bound of <see cref="ClipSample"/> (<c>clip_sample_range</c>), &gt; 0.</summary>
    [Range(1e-6, 1e6)]
    public double ClipSampleRange { get; set; } = 1.0;

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (OriginalInferenceSteps > TrainTimesteps)
            yield return new ValidationResult($"must be at most TrainTimesteps ({TrainTimesteps})", new[] { nameof(OriginalInferenceSteps) });
        if (Steps > OriginalInferenceSteps)
            yield return new ValidationResult($"must be at most OriginalInferenceSteps ({OriginalInferenceSteps}): LCM picks its steps from that skeleton", new[] { nameof(Steps) });
    }
}
