using PixArt.Abstractions.Runtime;
using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.Ddim;

/// <summary>
/// DDIM with diffusers' rules (float32 ᾱ, ᾱ_prev from <c>set_alpha_to_one</c> after the last step,
/// σ_t = η·√((1−ᾱ_prev)/(1−ᾱ_t)·(1−ᾱ_t/ᾱ_prev)), one draw per step only when η &gt; 0) but one: the previous timestep is the
/// schedule's next entry. diffusers takes <c>t − T//N</c> whatever the spacing, which is the next entry only for
/// <c>leading</c> (the default, unchanged); for <c>linspace</c> and <c>trailing</c> it steps to timesteps the schedule does
/// not contain (docs/numerics.md).
/// </summary>
internal sealed class DdimSampler : SamplerBase
{
    private readonly DdimOptions _options;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;

    public DdimSampler(DdimOptions options, INoiseSource noise) : base(options, noise, "ddim")
    {
        _options = options;
        _alphasCumprod = BetaSchedule.AlphasCumprodFloat32(options.Schedule);
        _finalAlphaCumprod = options.SetAlphaToOne ? 1f : _alphasCumprod[0];
    }

    public override int Order => 1;

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var timesteps = TimestepSpacing.Ddim(_options.TimestepSpacing, inferenceSteps, _options.TrainTimesteps, _options.StepsOffset);
        if (timesteps.Any(t => t < 0 || t >= _options.TrainTimesteps))
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), $"ddim: timesteps [{string.Join(", ", timesteps)}] leave 0..{_options.TrainTimesteps - 1} (check StepsOffset)");
        return timesteps.Select(t => (float)t).ToArray();
    }

    protected override Tensor StepCore(Tensor modelOutput, Tensor sample)
    {
        var t = (int)Timesteps[StepIndex];
        var prev = StepIndex + 1 < Timesteps.Count ? (int)Timesteps[StepIndex + 1] : -1; // after the last step: ᾱ_prev = final
        double alphaProd = _alphasCumprod[t];
        double alphaProdPrev = prev >= 0 ? _alphasCumprod[prev] : _finalAlphaCumprod;
        var betaProd = 1 - alphaProd;

        var x0 = (sample - (float)Math.Sqrt(betaProd) * modelOutput) / (float)Math.Sqrt(alphaProd);
        if (_options.ClipSample)
            x0 = x0.clamp(-_options.ClipSampleRange, _options.ClipSampleRange);

        var variance = (1 - alphaProdPrev) / betaProd * (1 - alphaProd / alphaProdPrev);
        var std = _options.Eta * Math.Sqrt(variance);
        var direction = (float)Math.Sqrt(1 - alphaProdPrev - std * std) * modelOutput;
        var prevSample = (float)Math.Sqrt(alphaProdPrev) * x0 + direction;
        if (_options.Eta > 0)
            prevSample = prevSample + (float)std * DrawNoise(modelOutput);
        return prevSample;
    }

    protected override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps) => Float32Coefficients(_alphasCumprod, timesteps);
}
