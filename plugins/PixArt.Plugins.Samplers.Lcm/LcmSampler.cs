using PixArt.Abstractions.Runtime;
using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.Lcm;

/// <summary>
/// LCM as diffusers does it: timesteps picked with <c>floor(linspace(0, K, N, endpoint=False))</c> from the reversed
/// skeleton <c>{k−1, 2k−1, …}</c> (k = T//K); each step denoises with the boundary scalings and, except on the last
/// step, re-noises to the next timestep with one draw. The last step returns the denoised sample.
/// </summary>
internal sealed class LcmSampler : SamplerBase
{
    private const double SigmaData = 0.5;
    private readonly LcmOptions _options;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;

    public LcmSampler(LcmOptions options, INoiseSource noise) : base(options, noise, "lcm")
    {
        _options = options;
        _alphasCumprod = BetaSchedule.AlphasCumprodFloat32(options.Schedule);
        _finalAlphaCumprod = options.SetAlphaToOne ? 1f : _alphasCumprod[0];
    }

    public override int Order => 1;

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var original = _options.OriginalInferenceSteps;
        if (inferenceSteps > original)
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), inferenceSteps, $"lcm: at most OriginalInferenceSteps ({original}) steps");
        var k = _options.TrainTimesteps / original;
        var skeleton = Enumerable.Range(1, original).Select(i => i * k - 1).Reverse().ToArray();
        return Enumerable.Range(0, inferenceSteps)
            .Select(i => (float)skeleton[(int)Math.Floor(i * (double)skeleton.Length / inferenceSteps)])
            .ToArray();
    }

    protected override Tensor StepCore(Tensor modelOutput, Tensor sample)
    {
        var t = (int)Timesteps[StepIndex];
        var last = StepIndex == Timesteps.Count - 1;
        double alphaProd = _alphasCumprod[t];
        double betaProd = 1 - alphaProd;

        var scaled = t * _options.TimestepScaling;
        var cSkip = SigmaData * SigmaData / (scaled * scaled + SigmaData * SigmaData);
        var cOut = scaled / Math.Sqrt(scaled * scaled + SigmaData * SigmaData);

        var x0 = (sample - (float)Math.Sqrt(betaProd) * modelOutput) / (float)Math.Sqrt(alphaProd);
        if (_options.ClipSample)
            x0 = x0.clamp(-_options.ClipSampleRange, _options.ClipSampleRange);
        var denoised = (float)cOut * x0 + (float)cSkip * sample;
        if (last) return denoised;

        var next = (int)Timesteps[StepIndex + 1];
        double alphaProdNext = next >= 0 ? _alphasCumprod[next] : _finalAlphaCumprod;
        return (float)Math.Sqrt(alphaProdNext) * denoised + (float)Math.Sqrt(1 - alphaProdNext) * DrawNoise(modelOutput);
    }

    protected override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps) => Float32Coefficients(_alphasCumprod, timesteps);
}
