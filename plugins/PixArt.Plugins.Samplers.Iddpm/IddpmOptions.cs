using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Iddpm;

/// <summary>
/// Options of the <c>iddpm</c> sampler (official PixArt/IDDPM ancestral sampling with learned-range σ, respaced),
/// bound from <c>PixArt:Sampler</c>.
/// </summary>
public sealed class IddpmOptions : SamplerOptions
{
    /// <summary>Creates the options with PixArt's defaults (100 steps).</summary>
    public IddpmOptions() => Steps = 100;

    /// <summary>
    /// How the kept timesteps are chosen (<c>space_timesteps</c>): <c>uniform</c> (the string <c>"N"</c>: fractional stride
    /// (T−1)/(N−1), rounded) or <c>ddim</c> (the string <c>"ddimN"</c>: the integer stride whose range has N elements).
    /// </summary>
    public string Respacing { get; set; } = "uniform";

    /// <summary>Clamps the predicted x₀ to [−1, 1] (<c>clip_denoised</c>); PixArt's script samples with false.</summary>
    public bool ClipDenoised { get; set; }

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var r in base.Validate(validationContext)) yield return r;
        if (Respacing is not ("uniform" or "ddim"))
            yield return new ValidationResult("allowed: uniform, ddim", new[] { nameof(Respacing) });
    }
}
