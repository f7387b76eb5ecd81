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
/// with aspect-ratio binning and micro-conditions for multi-scale models; several compatible plans can share one pass
/// (<see cref="RunBatch"/>). Runs synchronously on the calling thread (dispose scopes and grad mode are per thread); one call
/// at a time.
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
        ArgumentNullException.ThrowIfNull(plan);
        return RunBatch([plan], progress, null, cancellationToken)[0];
    }

    /// <summary>
    /// Runs several plans in one denoising pass: their prompts, negative prompts and seeds may differ, everything else must
    /// match (<see cref="GenerationBatch.Compatible"/>). Each image keeps its own noise streams, so it is the image its plan
    /// makes alone up to the float summation order of the larger batch. Returns the images of each plan, in plan order;
    /// <paramref name="observer"/> sees the latents of the whole batch after each step (plans in order, each plan's images in order).
    /// </summary>
    /// <exception cref="ArgumentException">No plan, or a plan that cannot share the pass with the first one.</exception>
    /// <exception cref="OperationCanceledException">Between steps, when <paramref name="cancellationToken"/> is cancelled (nothing is returned).</exception>
    public IReadOnlyList<IReadOnlyList<GeneratedImage>> RunBatch(IReadOnlyList<GenerationPlan> plans, IProgress<ProgressUpdate>? progress = null,
        DenoisingStepObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plans);
        if (plans.Count == 0) throw new ArgumentException("a batch needs at least one plan", nameof(plans));
        var plan = plans[0];
        for (var p = 1; p < plans.Count; p++)
            if (!GenerationBatch.Compatible(plan, plans[p]))
                throw new ArgumentException($"plan {p} cannot share a pass with plan 0: {GenerationBatch.Key(plans[p])} vs {GenerationBatch.Key(plan)}", nameof(plans));
        var classes = model.Description.Denoiser.TextConditioning.NumClasses;
        var encoder = model.TextEncoder;
        if (encoder is null && classes is null)
            throw new ConfigurationException(new[] { new ConfigProblem("PixArt:TextEncoder:Type", null, "generating from prompts needs a text encoder") });
        var prompts = plans.SelectMany(p => p.Prompts).ToList();
        var seeds = plans.SelectMany(p => p.Seeds).ToList();
        var count = prompts.Count;
        using var inference = torch.inference_mode();
        using var scope = NewDisposeScope();

        progress?.Report(new ProgressUpdate("encode", 0, 1, $"{count} prompt(s)"));
        // A class-conditional model reads each prompt as its class index (checked by the planner); others encode the text.
        using var embedding = classes is null ? encoder!.Encode(prompts) : null;
        var condition = WithMicroConditions(classes is { } k
            ? new ConditionInput { ClassLabels = tensor(prompts.Select(p => (long)ClassPrompts.Parse(p, k)!.Value).ToArray(), device: runtime.Device) }
            : new ConditionInput { Caption = embedding!.Tokens, CaptionMask = embedding.Mask }, plan, count);
        // Each distinct negative prompt is encoded once and shared by the images of its plans.
        var negatives = plans.Select(p => p.NegativePrompt).Distinct(StringComparer.Ordinal).ToList();
        using var negative = plan.Unconditional == UnconditionalMode.NegativePrompt ? encoder!.Encode(negatives) : null;
        var unconditional = plan.Unconditional switch
        {
            UnconditionalMode.LearnedNull => model.Denoiser.NullCondition(condition),
            UnconditionalMode.NegativePrompt => WithMicroConditions(NegativeRows(negative!, negatives, plans, count), plan, count),
            _ => null,
        };
        progress?.Report(new ProgressUpdate("encode", 1, 1));

        var codec = model.Codec;
        var initial = InitialNoise.Latents(seeds, codec.LatentChannels, plan.Size.Height / codec.DownsampleFactor, plan.Size.Width / codec.DownsampleFactor, runtime);
        progress?.Report(new ProgressUpdate(DenoisingLoop.Stage, 0, plan.Steps));
        Tensor latents;
        using (var samplerNoise = new BatchNoiseSource(InitialNoise.SamplerSeeds(seeds)))
        {
            latents = GuidedDenoising.Run(model.Denoiser, plan.Sampler.Factory, plan.Sampler.Context, plan.Sampler.Info, initial, condition,
                unconditional, plan.GuidanceScale, plan.Steps, samplerNoise, runtime.DType, progress, observer, cancellationToken);
        }
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new ProgressUpdate("decode", 0, 1));
        var images = GuidedDenoising.Decode(codec, latents, runtime.DType);
        if (plan.Size.Binned) images = ImageResize.CoverAndCrop(images, plan.Size.OutputHeight, plan.Size.OutputWidth);
        progress?.Report(new ProgressUpdate("decode", 1, 1));

        var results = new List<IReadOnlyList<GeneratedImage>>(plans.Count);
        var offset = 0;
        foreach (var p in plans)
        {
            var first = offset;
            results.Add(Enumerable.Range(0, p.Prompts.Count).Select(i => new GeneratedImage(
                images[first + i].to(ScalarType.Float32, CPU).contiguous().MoveToOuterDisposeScope(),
                Parameters(p, i, embedding?.Truncated.Contains(first + i) ?? false))).ToList());
            offset += p.Prompts.Count;
        }
        return results;
    }

    // One negative prompt (always, for a single plan): its one encoding expanded over the batch. Several: image i takes the
    // row of its plan's negative prompt.
    private static ConditionInput NegativeRows(TextEmbedding negative, IReadOnlyList<string> negatives, IReadOnlyList<GenerationPlan> plans, int count)
    {
        if (negatives.Count == 1)
            return new ConditionInput { Caption = negative.Tokens.expand(count, -1, -1), CaptionMask = negative.Mask.expand(count, -1) };
        var rows = plans.SelectMany(p => Enumerable.Repeat((long)IndexOf(negatives, p.NegativePrompt), p.Prompts.Count)).ToArray();
        var index = tensor(rows, device: negative.Tokens.device);
        return new ConditionInput { Caption = negative.Tokens.index_select(0, index), CaptionMask = negative.Mask.index_select(0, index) };
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
            if (string.Equals(values[i], value, StringComparison.Ordinal)) return i;
        return -1;
    }

    private ConditionInput WithMicroConditions(ConditionInput condition, GenerationPlan plan, int count) =>
        model.Description.Denoiser.UsesMicroConditions ? MicroConditions.Add(condition, plan.Size.Height, plan.Size.Width, count, runtime.Device) : condition;

    private GenerationParameters Parameters(GenerationPlan plan, int image, bool truncated) => new(
        plan.Prompts[image], plan.NegativePrompt, plan.Seeds[image], plan.Sampler.TypeId, plan.Steps, plan.GuidanceScale,
        plan.Size.OutputWidth, plan.Size.OutputHeight, model.Name, plan.Unconditional, plan.Sampler.ChangedOptions,
        truncated, plan.Size.Binned ? $"{plan.Size.Width}x{plan.Size.Height}" : null, RuntimeOptions.DTypeName(runtime.DType));
}
