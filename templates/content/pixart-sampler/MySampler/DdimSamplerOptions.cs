using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace MySampler;

/// <summary>Options of <c>my-sampler</c>, bound from <c>PixArt:Sampler</c> and validated before any work.</summary>
public sealed class DdimSamplerOptions : SamplerOptions
{
    /// <summary>Offset added to every timestep (diffusers' <c>steps_offset</c>).</summary>
    [Range(0, 1000)]
    public int StepsOffset { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (Steps > 0 && (long)(Steps - 1) * (TrainTimesteps / Steps) + StepsOffset >= TrainTimesteps)
            yield return new ValidationResult($"the first timestep must stay below TrainTimesteps ({TrainTimesteps})", [nameof(StepsOffset)]);
    }
}
