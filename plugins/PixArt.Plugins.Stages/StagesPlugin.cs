using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>Entry point: the three stages of PixArt-α's training curriculum (reference section 7) as stage schedulers.</summary>
public sealed class StagesPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("stages", new Version(0, 1, 0), [ComponentKind.StageScheduler],
        "PixArt-α's training stages: pixel dependency, text-image alignment, high-resolution aesthetic fine-tuning");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context)
    {
        context.AddComponent<IStageSchedulerFactory, PixelDependencyFactory, PixelDependencyOptions>(ComponentKind.StageScheduler, PixelDependencyStage.TypeId,
            "stage 1: a class-conditional model (adaLN-zero + class label) learns pixel dependency");
        context.AddComponent<IStageSchedulerFactory, TextAlignmentFactory, TextAlignmentOptions>(ComponentKind.StageScheduler, TextAlignmentStage.TypeId,
            "stage 2: re-parameterised into adaLN-single + cross-attention, trained on dense captions");
        context.AddComponent<IStageSchedulerFactory, HighResAestheticFactory, HighResAestheticOptions>(ComponentKind.StageScheduler, HighResAestheticStage.TypeId,
            "stage 3: the text-conditional model carried to a higher resolution (buckets optional) on aesthetic data");
    }
}
