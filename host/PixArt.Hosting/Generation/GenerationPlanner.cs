using Microsoft.Extensions.Options;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Model;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Turns a <see cref="GenerationRequest"/> into a <see cref="GenerationPlan"/>: defaults from <c>PixArt:Generation</c> and
/// <c>PixArt:Sampler</c>, every field checked against the model's description before any work (the model need not be loaded), every problem reported together
/// (<see cref="GenerationRequestException"/>, fields named as the request names them). The request's memory is estimated
/// (<see cref="RequestEstimator"/>) and a request that cannot fit in what the device has left is refused.
/// </summary>
public sealed class GenerationPlanner(ModelDescription model, IOptions<GenerationOptions> defaults, SamplerResolver samplers,
    IRuntimeContext runtime, ModelResidency residency)
{
    /// <summary>Share of the available memory a request (and the weights, when not loaded yet) may take.</summary>
    public const double MemoryShare = 0.9;

    /// <summary>Most images one request may ask for (prompts × images per prompt).</summary>
    public const int MaxImages = 64;

    /// <summary>Largest image side, in pixels.</summary>
    public const int MaxSide = 8192;

    /// <summary>Checks <paramref name="request"/> and applies the defaults; throws <see cref="GenerationRequestException"/> with every problem.</summary>
    public GenerationPlan Plan(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = defaults.Value;
        var problems = new List<RequestProblem>();

        var prompts = request.Prompts ?? [];
        if (prompts.Count == 0) problems.Add(new RequestProblem(nameof(GenerationRequest.Prompts), null, "at least one prompt is required"));
        for (var i = 0; i < prompts.Count; i++)
            if (prompts[i] is null) problems.Add(new RequestProblem($"{nameof(GenerationRequest.Prompts)}[{i}]", null, "a prompt may be empty but not null"));
        if (model.Denoiser.TextConditioning.NumClasses is { } classes)
        {
            for (var i = 0; i < prompts.Count; i++)
                if (prompts[i] is { } prompt && ClassPrompts.Parse(prompt, classes) is null)
                    problems.Add(new RequestProblem($"{nameof(GenerationRequest.Prompts)}[{i}]", prompt, ClassPrompts.Rule(classes)));
            if (!string.IsNullOrEmpty(request.NegativePrompt))
                problems.Add(new RequestProblem(nameof(GenerationRequest.NegativePrompt), request.NegativePrompt,
                    "a class-conditional model guides with its null class; it takes no negative prompt"));
        }
        var perPrompt = request.ImagesPerPrompt ?? options.NumImages;
        if (perPrompt < 1 || perPrompt > MaxImages)
            problems.Add(new RequestProblem(nameof(GenerationRequest.ImagesPerPrompt), perPrompt.ToString(), $"must be between 1 and {MaxImages}"));
        else if (prompts.Count * perPrompt > MaxImages)
            problems.Add(new RequestProblem(nameof(GenerationRequest.ImagesPerPrompt), perPrompt.ToString(),
                $"{prompts.Count} prompts × {perPrompt} images is more than {MaxImages} images in one request"));

        var size = Size(request.Height ?? options.Height, request.Width ?? options.Width, options.AspectRatioBinning, problems);
        var sampler = samplers.Resolve(request, problems);
        if (sampler is not null && sampler.Info.UsesLearnedVariance && !model.Denoiser.LearnedSigma)
            problems.Add(new RequestProblem(nameof(GenerationRequest.Sampler), sampler.TypeId,
                $"this sampler needs the learned variance, which the model ({model.Name}) does not predict; choose another sampler"));

        var negative = request.NegativePrompt ?? options.NegativePrompt;
        var requested = request.Unconditional ?? UnconditionalModes.Parse(options.Unconditional) ?? UnconditionalMode.Auto;
        var unconditional = UnconditionalBranch.Resolve(requested, sampler?.Options.GuidanceScale ?? 0, negative, model, problems);

        var first = request.Seed ?? options.Seed ?? Random.Shared.NextInt64(0, int.MaxValue);
        var count = prompts.Count * Math.Max(perPrompt, 1);
        if (first < 0 || first > long.MaxValue - count)
            problems.Add(new RequestProblem(nameof(GenerationRequest.Seed), first.ToString(), $"must be between 0 and {long.MaxValue - count} (image i uses seed + i)"));

        if (problems.Count > 0) throw new GenerationRequestException(problems);
        var expanded = prompts.SelectMany(p => Enumerable.Repeat(p, perPrompt)).ToList();
        var seeds = Enumerable.Range(0, expanded.Count).Select(i => first + i).ToList();
        var guided = unconditional != UnconditionalMode.None;
        var estimate = RequestEstimator.Estimate(model, size!, expanded.Count, guided, sampler!.Options.Steps, runtime);
        CheckMemory(estimate, size!, expanded.Count, guided, sampler.Options.Steps, request, problems);
        if (problems.Count > 0) throw new GenerationRequestException(problems);
        return new GenerationPlan(expanded, seeds, negative, sampler, unconditional, size!, estimate);
    }

    // The field named is the size when one image alone cannot fit, else the number of images.
    private void CheckMemory(RequestEstimate estimate, ImageSize size, int images, bool guided, int steps, GenerationRequest request, ICollection<RequestProblem> problems)
    {
        if (MemoryBudget.Available(runtime.Device) is not { } available) return;
        var weights = residency.Loaded ? 0 : model.ParameterCount * MemoryBudget.ElementSize(runtime.DType);
        var budget = (long)(available * MemoryShare) - weights;
        if (estimate.PeakBytes <= budget) return;
        var one = images == 1 ? estimate : RequestEstimator.Estimate(model, size, 1, guided, steps, runtime);
        var sizeText = $"{size.OutputWidth}x{size.OutputHeight}";
        var needs = $"about {MemoryBudget.Format(estimate.PeakBytes)} at its peak (denoiser activations {MemoryBudget.Format(estimate.DenoiserBytes)}, " +
                    $"decode {MemoryBudget.Format(estimate.DecodeBytes)}) but {runtime.Device} has {MemoryBudget.Format(Math.Max(0, budget))} for it" +
                    (weights > 0 ? $" ({MemoryBudget.Format(available)} available, {MemoryBudget.Format(weights)} of it for the model's weights)" : "");
        if (one.PeakBytes > budget || images == 1)
            problems.Add(new RequestProblem(nameof(GenerationRequest.Width), (request.Width ?? defaults.Value.Width).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{(images == 1 ? "a" : "each")} {sizeText} image needs {needs}; choose a smaller size"));
        else
            problems.Add(new RequestProblem(nameof(GenerationRequest.ImagesPerPrompt), (request.ImagesPerPrompt ?? defaults.Value.NumImages).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{images} images of {sizeText} need {needs}; ask for fewer images at a time (one image needs about {MemoryBudget.Format(one.PeakBytes)})"));
    }

    private ImageSize? Size(int height, int width, bool binning, ICollection<RequestProblem> problems)
    {
        var description = model;
        var multiple = description.SizeMultiple;
        var ok = true;
        foreach (var (field, value) in new[] { (nameof(GenerationRequest.Height), height), (nameof(GenerationRequest.Width), width) })
        {
            if (value == 0) continue;
            if (value < 0 || value > MaxSide || value % multiple != 0)
            {
                problems.Add(new RequestProblem(field, value.ToString(),
                    $"must be 0 (native, {description.NativeSize}) or a multiple of {multiple} (codec downsample {description.Codec.DownsampleFactor} × patch {description.Denoiser.PatchSize}) up to {MaxSide}"));
                ok = false;
            }
        }
        if (!ok) return null;
        height = height == 0 ? description.NativeSize : height;
        width = width == 0 ? description.NativeSize : width;
        if (!binning || !description.Denoiser.UsesMicroConditions) return new ImageSize(height, width, height, width);
        var bucket = AspectRatioBuckets.Nearest(height, width, description.NativeSize, inference: true);
        // Tables scaled to an unusual native size can land between token sizes: keep whole tokens.
        return new ImageSize(RoundTo(bucket.Height, multiple), RoundTo(bucket.Width, multiple), height, width);
    }

    private static int RoundTo(int value, int multiple) => Math.Max(multiple, (int)Math.Round((double)value / multiple) * multiple);
}
