using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Training;

/// <summary>
/// The component slots of an experiment: one per configured stage (<c>PixArt:Training:Stages:N</c>, its stage plugin's
/// <c>Type</c>), each with its data set and optional conditioning overrides.
/// </summary>
public static class TrainingSlots
{
    /// <summary>The key of the stage list under <c>PixArt:Training</c>.</summary>
    public const string StagesKey = "Stages";

    /// <summary>The stage's data set (required).</summary>
    public const string DatasetChild = "Dataset";

    /// <summary>A timestep conditioning replacing the stage's own choice (optional).</summary>
    public const string TimestepConditioningChild = "TimestepConditioning";

    /// <summary>A text conditioning replacing the stage's own choice (optional).</summary>
    public const string TextConditioningChild = "TextConditioning";

    /// <summary>The path of stage <paramref name="index"/>.</summary>
    public static string StagePath(int index) => $"{TrainingOptions.SectionPath}:{StagesKey}:{index}";

    /// <summary>One slot per stage configured in <paramref name="configuration"/> (in order).</summary>
    public static IReadOnlyList<ComponentSlot> Stages(IConfiguration configuration) =>
        configuration.GetSection($"{TrainingOptions.SectionPath}:{StagesKey}").GetChildren()
            .Select((_, i) => new ComponentSlot(StagePath(i), ComponentKind.StageScheduler, true,
            [
                new ComponentSlot(DatasetChild, ComponentKind.Dataset, true),
                new ComponentSlot(TimestepConditioningChild, ComponentKind.TimestepConditioning, false),
                new ComponentSlot(TextConditioningChild, ComponentKind.TextConditioning, false),
            ])).ToList();

    /// <summary>What an experiment needs: the denoiser, the codec, the stages; a text encoder when a stage trains on captions.</summary>
    public static IReadOnlyList<ComponentSlot> Experiment(IConfiguration configuration) =>
        [PipelineSlots.TextEncoder, Denoiser, PipelineSlots.Codec.AsRequired(), PipelineSlots.Sampler, .. Stages(configuration)];

    /// <summary>
    /// The experiment's denoiser: its dimensions; each stage chooses the conditioning (a conditioning configured here is the
    /// one of a model to generate with, and is not required).
    /// </summary>
    public static ComponentSlot Denoiser { get; } = PipelineSlots.Denoiser.AsRequired() with
    {
        Children = PipelineSlots.Denoiser.Children.Select(c => c.AsRequired(false)).ToList(),
    };
}
