using PixArt.Diffusion;
using PixArt.Diffusion.Sampling;
using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.Iddpm;

/// <summary>
/// IDDPM ancestral sampling on a respaced process: Timesteps are the ORIGINAL kept timesteps τ_k (what the model
/// sees), the tables come from the respaced β'. Each step draws one noise tensor (also the last, which adds none),
/// as the reference loop does. Step wants the full learned-variance output (ε then v).
/// </summary>
internal sealed class IddpmSampler : SamplerBase
{
    private readonly IddpmOptions _options;
    private readonly GaussianDiffusion _base;
    private GaussianDiffusion? _respaced;

    public IddpmSampler(IddpmOptions options, INoiseSource noise) : base(options, noise, "iddpm")
    {
        _options = options;
        _base = GaussianDiffusion.FromSchedule(options.Schedule);
    }

    public override int Order => 1;

    protected override float[] BuildTimesteps(int inferenceSteps)
    {
        var kept = Respacing.SpaceTimesteps(_options.TrainTimesteps, inferenceSteps, _options.Respacing);
        _respaced = kept.Length == _base.NumTimesteps ? _base : new GaussianDiffusion(Respacing.RespacedBetas(_base.AlphasCumprod, kept));
        return kept.Reverse().Select(t => (float)t).ToArray();
    }

    protected override Tensor StepCore(Tensor modelOutput, Tensor sample)
    {
        if (modelOutput.shape[1] != 2 * sample.shape[1])
            throw new ArgumentException($"iddpm: Step needs the learned-variance output ({2 * sample.shape[1]} channels: ε then v) but got {modelOutput.shape[1]} channels");
        var k = Timesteps.Count - 1 - StepIndex;   // index in the respaced process
        var (mean, logVariance, _) = _respaced!.PMeanVariance(modelOutput, sample, k, _options.ClipDenoised);
        var noise = DrawNoise(sample);
        return k == 0 ? mean : mean + (0.5 * logVariance).exp() * noise;
    }

    protected override (Tensor Signal, Tensor Noise) ForwardCoefficients(Tensor timesteps)
    {
        var ac = tensor(_base.AlphasCumprod).index_select(0, timesteps.to(ScalarType.Int64).flatten());
        return (ac.sqrt().to(ScalarType.Float32), (1.0 - ac).sqrt().to(ScalarType.Float32));
    }
}
