namespace PixArt.Abstractions.Sampling;

/// <summary>
/// The noise schedule of the diffusion process a model was trained with (reference 3.1): what samplers and the trainer
/// must agree on. PixArt-α: 1000 steps, linear β from 1e-4 to 0.02.
/// </summary>
/// <param name="TrainTimesteps">Diffusion steps T.</param>
/// <param name="BetaStart">β of the first step.</param>
/// <param name="BetaEnd">β of the last step.</param>
/// <param name="Kind"><c>linear</c> or <c>scaled_linear</c> (linear in √β).</param>
public sealed record NoiseSchedule(int TrainTimesteps = 1000, double BetaStart = 0.0001, double BetaEnd = 0.02, string Kind = "linear")
{
    /// <summary>Allowed values of <see cref="Kind"/>.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["linear", "scaled_linear"];
}
