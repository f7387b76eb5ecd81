using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Latents from noise with a denoiser and a sampler, with classifier-free guidance: what generation and the trainer's sample
/// grids share. Runs synchronously on the calling thread.
/// </summary>
public static class GuidedDenoising
{
    /// <summary>
    /// Runs <paramref name="steps"/> steps of a fresh sampler from <paramref name="sampler"/> (drawing from
    /// <paramref name="samplerNoise"/>) on <paramref name="initialLatents"/> (unscaled standard normal), guided with
    /// <paramref name="guidanceScale"/> when <paramref name="unconditional"/> is given. Returns float32 latents owned by the caller.
    /// </summary>
    /// <exception cref="OperationCanceledException">Between steps, when <paramref name="cancellationToken"/> is cancelled.</exception>
    public static Tensor Run(DenoiserModule denoiser, ISamplerFactory sampler, ComponentContext samplerContext, SamplerInfo samplerInfo,
        Tensor initialLatents, ConditionInput condition, ConditionInput? unconditional, double guidanceScale, int steps,
        INoiseSource samplerNoise, ScalarType dtype, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default) =>
        Run(denoiser, sampler, samplerContext, samplerInfo, initialLatents, condition, unconditional, guidanceScale, steps, samplerNoise, dtype,
            progress, null, cancellationToken);

    /// <summary>
    /// The same run, handing the latents to <paramref name="observer"/> after each step (e.g. for previews; on this thread,
    /// inside the run's dispose scope: copy what must outlive the call).
    /// </summary>
    /// <exception cref="OperationCanceledException">Between steps, when <paramref name="cancellationToken"/> is cancelled.</exception>
    public static Tensor Run(DenoiserModule denoiser, ISamplerFactory sampler, ComponentContext samplerContext, SamplerInfo samplerInfo,
        Tensor initialLatents, ConditionInput condition, ConditionInput? unconditional, double guidanceScale, int steps,
        INoiseSource samplerNoise, ScalarType dtype, IProgress<ProgressUpdate>? progress, DenoisingStepObserver? observer,
        CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope(); // frees the concatenated guidance batch and the float32 start
        using var run = sampler.Create(samplerContext, samplerNoise);
        run.SetTimesteps(steps);
        var guided = guidanceScale > 1 && unconditional is not null;
        var both = guided ? ConditionInput.Concat(unconditional!, condition) : condition;
        // What depends on the condition only (caption projection, attention bias, cross-attention keys and values) once
        // for all steps; the results equal preparing it in every forward to the bit.
        using var prepared = denoiser.Prepare(both);
        Tensor Model(Tensor x, float t)
        {
            using var timesteps = full(new[] { x.shape[0] }, t, ScalarType.Float32, x.device);
            using var input = x.to(dtype);
            using var output = denoiser.Forward(input, timesteps, prepared);
            return output.to(ScalarType.Float32);
        }
        var start = initialLatents.to(ScalarType.Float32); // DenoisingLoop scales it by the sampler's InitNoiseSigma
        var latents = DenoisingLoop.Run(run, start, Model, guided ? guidanceScale : 1.0, denoiser.Info.InChannels,
            samplerInfo.UsesLearnedVariance, progress, observer, cancellationToken);
        return scope.MoveToOuter(latents);
    }

    /// <summary>Decodes diffusion latents with <paramref name="codec"/> to images in [0, 1] <c>[B, 3, H, W]</c> (float32).</summary>
    public static Tensor Decode(Abstractions.Codecs.ILatentCodec codec, Tensor latents, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var z = latents.div(codec.ScalingFactor).to(dtype);
        var images = codec.Decode(z).to(ScalarType.Float32);
        return scope.MoveToOuter(images.add(1).div(2).clamp(0, 1));
    }
}
