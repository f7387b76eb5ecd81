using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>
/// <c>DPMSolverMultistepScheduler</c>: float32 ᾱ, σ_i = √((1−ᾱ)/ᾱ) at integer timesteps, a final σ of 0 or σ_min,
/// α = 1/√(σ²+1), σ_t = σ·α, λ = ln α − ln σ_t; first order on the first step and (with final σ 0) the last.
/// </summary>
internal sealed class DiffusersGrid : SolverGrid
{
    private readonly DpmSolverOptions _options;
    private readonly float[] _alphasCumprod;
    private readonly float[] _trainSigmas;
    private float[] _sigmas = [];

    public DiffusersGrid(DpmSolverOptions options)
    {
        _options = options;
        _alphasCumprod = BetaSchedule.AlphasCumprodFloat32(options.Schedule);
        _trainSigmas = BetaSchedule.Sigmas(_alphasCumprod);
    }

    public override float[] Build(int steps)
    {
        var timesteps = TimestepSpacing.Multistep(_options.TimestepSpacing, steps, _options.TrainTimesteps, _options.StepsOffset);
        if (timesteps.Any(t => t < 0 || t >= _options.TrainTimesteps))
            throw new ArgumentOutOfRangeException(nameof(steps), $"dpm-solver: timesteps [{string.Join(", ", timesteps)}] leave 0..{_options.TrainTimesteps - 1} (check StepsOffset)");
        var last = _options.FinalSigmasType == "zero" ? 0f : _trainSigmas[0];
        _sigmas = timesteps.Select(t => _trainSigmas[t]).Append(last).ToArray();
        return timesteps.Select(t => (float)t).ToArray();
    }

    public override Tensor Alpha(int point) => 1f / (tensor(_sigmas[point]).pow(2) + 1f).pow(0.5);

    public override Tensor Sigma(int point) => tensor(_sigmas[point]) * Alpha(point);

    public override Tensor Lambda(int point) => Alpha(point).log() - Sigma(point).log();

    public override Tensor Phi1(Tensor h) => (-h).exp() - 1f;

    public override int OrderAt(int step, int steps, int solverOrder, int lowerOrderNums)
    {
        var lowerOrderFinal = step == steps - 1 &&
            (_options.EulerAtFinal || (_options.LowerOrderFinal && steps < 15) || _options.FinalSigmasType == "zero");
        return solverOrder == 1 || lowerOrderNums < 1 || lowerOrderFinal ? 1 : 2;
    }

    public override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps)
    {
        var ac = tensor(_alphasCumprod).index_select(0, timesteps.to(ScalarType.Int64).flatten());
        return (ac.sqrt(), (1f - ac).sqrt());
    }
}
