using System.ComponentModel.DataAnnotations;

namespace PixArt.Abstractions.Sampling;

/// <summary>
/// Settings every sampler shares (bound from <c>PixArt:Sampler</c>). Sampler plugins derive their options from this.
/// </summary>
public class SamplerOptions : IValidatableObject
{
    /// <summary>Inference steps (1 ≤ Steps ≤ <see cref="TrainTimesteps"/>).</summary>
    [Range(1, 100000)]
    public int Steps { get; set; } = 20;

    /// <summary>Classifier-free guidance scale; 1 (or less) skips the unconditional pass.</summary>
    [Range(0.0, 100.0)]
    public double GuidanceScale { get; set; } = 4.5;

    /// <summary>Diffusion steps of training (1000 for PixArt).</summary>
    [Range(1, 100000)]
    public int TrainTimesteps { get; set; } = 1000;

    /// <summary>First β of the noise schedule.</summary>
    [Range(0.0, 1.0)]
    public double BetaStart { get; set; } = 0.0001;

    /// <summary>Last β of the noise schedule.</summary>
    [Range(0.0, 1.0)]
    public double BetaEnd { get; set; } = 0.02;

    /// <summary>Schedule shape: <c>linear</c> or <c>scaled_linear</c>.</summary>
    public string BetaSchedule { get; set; } = "linear";

    /// <summary>The schedule these options describe.</summary>
    public NoiseSchedule Schedule => new(TrainTimesteps, BetaStart, BetaEnd, BetaSchedule);

    /// <summary>Checks the cross-field rules; derived classes add theirs by overriding and calling base.</summary>
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Steps > TrainTimesteps)
            yield return new ValidationResult($"must be at most TrainTimesteps ({TrainTimesteps})", new[] { nameof(Steps) });
        if (BetaStart >= BetaEnd)
            yield return new ValidationResult($"must be below BetaEnd ({BetaEnd})", new[] { nameof(BetaStart) });
        if (!NoiseSchedule.Kinds.Contains(BetaSchedule))
            yield return new ValidationResult($"allowed: {string.Join(", ", NoiseSchedule.Kinds)}", new[] { nameof(BetaSchedule) });
    }
}
