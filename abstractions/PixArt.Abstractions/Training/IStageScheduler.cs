using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Denoising;

namespace PixArt.Abstractions.Training;

/// <summary>The training curriculum: which stage runs at a global step, and the weight transform between stages.</summary>
[Experimental("PXF0001")]
public interface IStageScheduler
{
    /// <summary>All stages in order.</summary>
    IReadOnlyList<TrainingStage> Stages { get; }

    /// <summary>The stage that owns <paramref name="globalStep"/>.</summary>
    TrainingStage StageAt(long globalStep);

    /// <summary>
    /// Carries the weights of <paramref name="from"/> into <paramref name="to"/> at a stage boundary
    /// (re-parameterisation into adaLN-single, positional-embedding change, new micro-condition embedders).
    /// </summary>
    void TransferWeights(DenoiserModule from, DenoiserModule to, TrainingStage next);
}

/// <summary>One stage of the curriculum.</summary>
/// <param name="Name">Stage name (e.g. <c>pixel-dependency</c>).</param>
/// <param name="Steps">Optimizer steps in the stage.</param>
/// <param name="Resolution">Image side in pixels.</param>
/// <param name="MultiScale">True when aspect-ratio buckets are used.</param>
/// <param name="BatchSize">Batch size.</param>
/// <param name="LearningRate">Peak learning rate.</param>
/// <param name="TimestepConditioningType">Type id of the timestep conditioning in this stage.</param>
/// <param name="TextConditioningType">Type id of the text conditioning in this stage.</param>
/// <param name="DatasetSection">Configuration path of the dataset this stage reads.</param>
[Experimental("PXF0001")]
public sealed record TrainingStage(
    string Name,
    long Steps,
    int Resolution,
    bool MultiScale,
    int BatchSize,
    double LearningRate,
    string TimestepConditioningType,
    string TextConditioningType,
    string DatasetSection);
