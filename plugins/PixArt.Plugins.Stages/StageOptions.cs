using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>Options of the <c>pixel-dependency</c> stage: the shared stage settings with stage 1's defaults (paper: lr 1e-4).</summary>
public sealed class PixelDependencyOptions : TrainingStageOptions
{
    /// <summary>Creates the options with stage 1's defaults.</summary>
    public PixelDependencyOptions() => LearningRate = 1e-4;
}

/// <summary>Options of the <c>text-alignment</c> stage (paper: lr 2e-5, caption dropout 0.1).</summary>
public sealed class TextAlignmentOptions : TrainingStageOptions
{
    /// <summary>The timestep at which adaLN-single is matched to the class-conditional model (reference 7.3: 500).</summary>
    [Range(0, 100_000)]
    public float ReparameterizationTimestep { get; set; } = TextAlignmentStage.DefaultReparameterizationTimestep;
}

/// <summary>Options of the <c>high-res-aesthetic</c> stage (reference 7.1: 512 px, then 1024 px with buckets).</summary>
public sealed class HighResAestheticOptions : TrainingStageOptions
{
    /// <summary>Creates the options with stage 3's defaults.</summary>
    public HighResAestheticOptions() => Resolution = 512;
}
