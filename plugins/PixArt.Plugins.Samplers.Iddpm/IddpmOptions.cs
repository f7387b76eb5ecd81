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
        {
            yield return new ValidationResult("allowed: uniform, ddim", new[] { nameof(Respacing) });
            yield break;
        }
        // The learned-range variance interpolates between β and the posterior variance of the step after the first, which
        // a one-step process does not have.
        if (Steps == 1)
            yield return new ValidationResult("iddpm needs at least 2 steps (its learned variance is interpolated from the respaced process's posterior, which one step does not have)", new[] { nameof(Steps) });
        else if (Steps >= 2 && Steps <= TrainTimesteps && Respacing == "ddim" && StrideFor(TrainTimesteps, Steps) is null)
            yield return new ValidationResult(
                $"with Respacing 'ddim' the steps must be ceil(TrainTimesteps / s) for an integer stride s < {TrainTimesteps} (e.g. {NearestDdimSteps(TrainTimesteps, Steps)}); use Respacing 'uniform' for any count",
                new[] { nameof(Steps) });
    }

    private static int? StrideFor(int train, int steps)
    {
        for (var stride = 1; stride < train; stride++)
            if ((train + stride - 1) / stride == steps) return stride;
        return null;
    }

    private static int NearestDdimSteps(int train, int steps) =>
        Enumerable.Range(1, Math.Max(1, train - 1)).Select(s => (train + s - 1) / s).Where(n => n >= 2).OrderBy(n => Math.Abs(n - steps)).ThenBy(n => n).FirstOrDefault(2);
}
