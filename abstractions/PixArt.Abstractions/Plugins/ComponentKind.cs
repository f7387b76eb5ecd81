#pragma warning disable PXF0001 // the kind table names the provisional dataset and stage contracts
namespace PixArt.Abstractions.Plugins;

/// <summary>The kinds of swappable components a plugin can provide.</summary>
public enum ComponentKind
{
    /// <summary>Prompts to token embeddings (<see cref="Text.ITextEncoderFactory"/>).</summary>
    TextEncoder,
    /// <summary>Timestep (and micro-condition) embedding to per-block modulation (<see cref="Conditioning.ITimestepConditioningFactory"/>).</summary>
    TimestepConditioning,
    /// <summary>Text or class condition applied to the token stream (<see cref="Conditioning.ITextConditioningFactory"/>).</summary>
    TextConditioning,
    /// <summary>The denoising backbone (<see cref="Denoising.IDenoiserFactory"/>).</summary>
    Denoiser,
    /// <summary>A diffusion sampler (<see cref="Sampling.ISamplerFactory"/>).</summary>
    Sampler,
    /// <summary>Image to latent and back (<see cref="Codecs.ILatentCodecFactory"/>).</summary>
    LatentCodec,
    /// <summary>Training samples (<see cref="Data.IDatasetFactory"/>).</summary>
    Dataset,
    /// <summary>A stage of the training curriculum (<see cref="Training.IStageSchedulerFactory"/>).</summary>
    StageScheduler,
    /// <summary>Builds a data set folder from its source (<see cref="Data.IDatasetBuilder"/>).</summary>
    DatasetBuilder,
}

/// <summary>Helpers for <see cref="ComponentKind"/>.</summary>
public static class ComponentKinds
{
    /// <summary>The factory contract a component of the given kind is registered as.</summary>
    public static Type FactoryType(ComponentKind kind) => kind switch
    {
        ComponentKind.TextEncoder => typeof(Text.ITextEncoderFactory),
        ComponentKind.TimestepConditioning => typeof(Conditioning.ITimestepConditioningFactory),
        ComponentKind.TextConditioning => typeof(Conditioning.ITextConditioningFactory),
        ComponentKind.Denoiser => typeof(Denoising.IDenoiserFactory),
        ComponentKind.Sampler => typeof(Sampling.ISamplerFactory),
        ComponentKind.LatentCodec => typeof(Codecs.ILatentCodecFactory),
        ComponentKind.Dataset => typeof(Data.IDatasetFactory),
        ComponentKind.StageScheduler => typeof(Training.IStageSchedulerFactory),
        ComponentKind.DatasetBuilder => typeof(Data.IDatasetBuilder),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown component kind"),
    };

    /// <summary>The kebab-case name of a kind, as printed by the CLI (e.g. <c>text-encoder</c>).</summary>
    public static string DisplayName(ComponentKind kind) => kind switch
    {
        ComponentKind.TextEncoder => "text-encoder",
        ComponentKind.TimestepConditioning => "timestep-conditioning",
        ComponentKind.TextConditioning => "text-conditioning",
        ComponentKind.Denoiser => "denoiser",
        ComponentKind.Sampler => "sampler",
        ComponentKind.LatentCodec => "latent-codec",
        ComponentKind.Dataset => "dataset",
        ComponentKind.StageScheduler => "stage-scheduler",
        ComponentKind.DatasetBuilder => "dataset-builder",
        _ => kind.ToString(),
    };
}
