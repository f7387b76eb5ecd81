using PixArt.Abstractions.Data;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Training;
using Microsoft.Extensions.Configuration;
using PixArt.Hosting.Composition;

namespace PixArt.Hosting.Training;

/// <summary>One stage of an experiment, resolved and checked before any training: what it trains, on what, with which model.</summary>
/// <param name="Index">Position in the curriculum (0-based).</param>
/// <param name="Stage">What the stage plugin resolved (settings, condition kind, conditioning components).</param>
/// <param name="Scheduler">The stage plugin's scheduler (weight transfer into the stage).</param>
/// <param name="Dataset">The stage's data set (opened: index and headers read).</param>
/// <param name="DatasetSelection">The selection the data set was opened from (what the feature cache records).</param>
/// <param name="Denoiser">The selection the stage's denoiser is created from (its own configuration).</param>
/// <param name="Model">What that denoiser is (dimensions, parameters), from its description.</param>
/// <param name="SampleSize">Latent side at the stage's resolution.</param>
/// <param name="Configuration">The stage's configuration (<see cref="StageConfiguration.Compose"/>): what its exported model carries.</param>
public sealed record StagePlan(int Index, TrainingStage Stage, IStageScheduler Scheduler, IDataset Dataset, ComponentSelection DatasetSelection, ComponentSelection Denoiser, DenoiserInfo Model,
    int SampleSize, IConfiguration Configuration)
{
    /// <summary>The stage's settings.</summary>
    public TrainingStageOptions Options => Stage.Options;

    /// <summary>File-system friendly name: index and stage name.</summary>
    public string Slug => $"{Index + 1}-{new string(Stage.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray())}";
}
