using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace Acme.EulerAncestral;

/// <summary>Options of <c>acme-euler-ancestral</c>, bound from <c>PixArt:Sampler</c> and validated before any work.</summary>
public sealed class EulerAncestralOptions : SamplerOptions
{
    /// <summary>Allowed values of <see cref="TimestepSpacing"/>.</summary>
    public static readonly IReadOnlyList<string> Spacings = ["linspace", "leading", "trailing"];

    /// <summary>How the inference timesteps are spread over the training ones (diffusers' <c>timestep_spacing</c>).</summary>
    public string TimestepSpacing { get; set; } = "linspace";

    /// <summary>Offset added to every timestep with <c>leading</c> spacing (diffusers' <c>steps_offset</c>).</summary>
    [Range(0, 1000)]
    public int StepsOffset { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (!Spacings.Contains(TimestepSpacing))
            yield return new ValidationResult($"allowed: {string.Join(", ", Spacings)}", [nameof(TimestepSpacing)]);
        if (Steps > TrainTimesteps)
            yield return new ValidationResult($"at most TrainTimesteps ({TrainTimesteps}) steps", [nameof(Steps)]);
        if (TimestepSpacing == "leading" && Steps > 0 && (long)(Steps - 1) * (TrainTimesteps / Steps) + StepsOffset >= TrainTimesteps)
            yield return new ValidationResult($"the first timestep must stay below TrainTimesteps ({TrainTimesteps})", [nameof(StepsOffset)]);
    }
}
