using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Model;

/// <summary>
/// The checks between components, made from their descriptions before any weight is read: the codec's latent channels and
/// the denoiser's input, the encoder's width and the denoiser's caption channels, a learned-variance sampler and the
/// denoiser's output, and the whole model's memory against what the device has left.
/// </summary>
public static class CompositionCheck
{
    /// <summary>Share of the available memory the weights may take; the rest is left for activations.</summary>
    public const double WeightShareOfMemory = 0.9;

    /// <summary>Every problem of <paramref name="model"/> with <paramref name="sampler"/> (when one is configured) on <paramref name="runtime"/>.</summary>
    public static IReadOnlyList<ConfigProblem> Problems(ModelDescription model, (string TypeId, SamplerInfo Info)? sampler, IRuntimeContext runtime)
    {
        var problems = new List<ConfigProblem>();
        var denoiser = model.Denoiser;
        if (model.Codec.LatentChannels != denoiser.InChannels)
            problems.Add(new ConfigProblem(PipelineSlots.Codec.Path, null,
                $"the codec has {model.Codec.LatentChannels} latent channels but the denoiser ({PipelineSlots.Denoiser.Path}) takes {denoiser.InChannels}"));
        if (model.TextEncoder is { } encoder && denoiser.TextConditioning.CaptionChannels is { } channels && encoder.HiddenSize != channels)
            problems.Add(new ConfigProblem(PipelineSlots.TextEncoder.Path, null,
                $"the text encoder produces {encoder.HiddenSize}-wide tokens but the denoiser's caption channels are {channels}; choose an encoder matching the denoiser"));
        if (sampler is { } s && s.Info.UsesLearnedVariance && !denoiser.LearnedSigma)
            problems.Add(new ConfigProblem($"{PipelineSlots.Sampler.Path}:Type", s.TypeId,
                $"this sampler needs the learned variance, but the denoiser ({PipelineSlots.Denoiser.Path}) predicts {denoiser.OutChannels} channels without it; choose another sampler or a model with LearnSigma"));
        if (MemoryProblem(model, runtime) is { } memory) problems.Add(memory);
        return problems;
    }

    /// <summary>
    /// The memory problem of loading <paramref name="model"/> on <paramref name="runtime"/>'s device, if any: reported under the
    /// section of the component that takes the most (the one whose configuration asks for the memory).
    /// </summary>
    public static ConfigProblem? MemoryProblem(ModelDescription model, IRuntimeContext runtime) => MemoryProblem(
        [
            (PipelineSlots.Denoiser.Path, "denoiser", model.Denoiser.ParameterCount),
            (PipelineSlots.Codec.Path, "codec", model.Codec.ParameterCount),
            (PipelineSlots.TextEncoder.Path, "text encoder", model.TextEncoder?.ParameterCount ?? 0),
        ], runtime);

    /// <summary>The memory problem of loading components of the given sizes (section, name, parameters), if any.</summary>
    public static ConfigProblem? MemoryProblem(IReadOnlyList<(string Section, string Name, long Parameters)> parts, IRuntimeContext runtime)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) return null;
        var parameters = parts.Sum(p => p.Parameters);
        var bytes = parameters * MemoryBudget.ElementSize(runtime.DType);
        var available = MemoryBudget.Available(runtime.Device);
        if (available is null || bytes <= available * WeightShareOfMemory) return null;
        var largest = parts.MaxBy(p => p.Parameters);
        return new ConfigProblem(largest.Section, null,
            $"the model needs about {MemoryBudget.Format(bytes)} for its weights alone ({parameters:N0} parameters in {runtime.DType}: " +
            string.Join(", ", parts.Select(p => $"{p.Name} {p.Parameters:N0}")) +
            $") but {runtime.Device} has {MemoryBudget.Format(available.Value)} available; the {largest.Name} is the largest part: check its configuration, " +
            "or choose a smaller model, a lower-precision DType or another device");
    }
}
