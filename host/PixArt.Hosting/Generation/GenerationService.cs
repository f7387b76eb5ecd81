using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Conditioning;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Model;
using PixArt.Hosting.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Prompt in, pixels out, per request on the loaded <see cref="PixArtModel"/>: plan (every field checked before any work) →
/// text encoder → classifier-free guidance (learned null caption or encoded negative prompt) → sampler loop → latent decode,
/// with aspect-ratio binning and micro-conditions for multi-scale models. Runs synchronously on the calling thread (dispose
/// scopes and grad mode are per thread); one call at a time.
/// </summary>
public sealed class GenerationService(PixArtModel model, GenerationPlanner planner, IRuntimeContext runtime)
{
    /// <summary>The model requests run on.</summary>
    public PixArtModel Model => model;

    /// <summary>
    /// Generates the images of <paramref name="request"/>: <see cref="GenerationRequestException"/> before any work when a
    /// field is wrong; progress per stage and step; cancellation between steps (nothing is returned then).
    /// </summary>
    public IReadOnlyList<GeneratedImage> Generate(GenerationRequest request, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default) =>
        Run(planner.Plan(request), progress, cancellationToken);

    /// <summary>Runs a plan made by <see cref="GenerationPlanner.Plan"/>.</summary>
    public IReadOnlyList<GeneratedImage> Run(GenerationPlan plan, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var encoder = model.TextEncoder ?? throw new ConfigurationException(new[]
        {
            new ConfigProblem("PixArt:TextEncoder:Type", null, "generating from prompts needs a text encoder"),
        });
        var count = plan.Prompts.Count;
        using var inference = torch.inference_mode();
        using var scope = NewDisposeScope();

        progress?.Report(new ProgressUpdate("encode", 0, 1, $"{count} prompt(s)"));
        using var embedding = encoder.Encode(plan.Prompts);
        var condition = WithMicroConditions(new ConditionInput { Caption = embedding.Tokens, CaptionMask = embedding.Mask }, plan, count);
        using var negative = plan.Unconditional == UnconditionalMode.NegativePrompt ? encoder.Encode([plan.NegativePrompt]) : null;
        var unconditional = plan.Unconditional switch
        {
            UnconditionalMode.LearnedNull => model.Denoiser.NullCondition(condition),
            // One encoding of the negative prompt, shared by every image of the batch.
            UnconditionalMode.NegativePrompt => WithMicroConditions(new ConditionInput
            {
                Caption = negative!.Tokens.expand(count, -1, -1),
                CaptionMask = negative.Mask.expand(count, -1),
            }, plan, count),
            _ => null,
        };
        progress?.Report(new ProgressUpdate("encode", 1, 1));

        var codec = model.Codec;
        var initial = InitialNoise.Latents(plan.Seeds, codec.LatentChannels, plan.Size.Height / codec.DownsampleFactor, plan.Size.Width / codec.DownsampleFactor, runtime);
        progress?.Report(new ProgressUpdate(DenoisingLoop.Stage, 0, plan.Steps));
        Tensor latents;
        using (var samplerNoise = new BatchNoiseSource(InitialNoise.SamplerSeeds(plan.Seeds)))
        {
            latents = GuidedDenoising.Run(model.Denoiser, plan.Sampler.Factory, plan.Sampler.Context, plan.Sampler.Info, initial, condition,
                unconditional, plan.GuidanceScale, plan.Steps, samplerNoise, runtime.DType, progress, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new ProgressUpdate("decode", 0, 1));
        var images = GuidedDenoising.Decode(codec, latents, runtime.DType);
        if (plan.Size.Binned) images = ImageResize.CoverAndCrop(images, plan.Size.OutputHeight, plan.Size.OutputWidth);
        progress?.Report(new ProgressUpdate("decode", 1, 1));

        return Enumerable.Range(0, count).Select(i => new GeneratedImage(
            images[i].to(ScalarType.Float32, CPU).contiguous().MoveToOuterDisposeScope(),
            Parameters(plan, i, embedding))).ToList();
    }

    private ConditionInput WithMicroConditions(ConditionInput condition, GenerationPlan plan, int count) =>
        model.Description.Denoiser.UsesMicroConditions ? MicroConditions.Add(condition, plan.Size.Height, plan.Size.Width, count, runtime.Device) : condition;

    private GenerationParameters Parameters(GenerationPlan plan, int image, TextEmbedding embedding) => new(
        plan.Prompts[image], plan.NegativePrompt, plan.Seeds[image], plan.Sampler.TypeId, plan.Steps, plan.GuidanceScale,
        plan.Size.OutputWidth, plan.Size.OutputHeight, model.Name, plan.Unconditional, plan.Sampler.ChangedOptions,
        embedding.Truncated.Contains(image), plan.Size.Binned ? $"{plan.Size.Width}x{plan.Size.Height}" : null);
}
