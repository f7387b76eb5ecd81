using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace PixArt.Abstractions.Training;

/// <summary>
/// Settings every training stage shares (bound from <c>PixArt:Training:Stages:N</c>); stage plugins derive their options
/// from it. Defaults follow reference 7.1. Provisional (ADR 0003).
/// </summary>
[Experimental("PXF0001")]
public class TrainingStageOptions : IValidatableObject
{
    /// <summary>Allowed <see cref="LearningRateSchedule"/> values.</summary>
    public static readonly IReadOnlyList<string> Schedules = ["constant", "cosine"];

    /// <summary>Allowed <see cref="LoadFrom"/> values.</summary>
    public static readonly IReadOnlyList<string> LoadSources = ["model", "ema"];

    /// <summary>Name of the stage in logs, checkpoints and grids (default: its position and type).</summary>
    public string? Name { get; set; }

    /// <summary>Optimizer steps of the stage.</summary>
    [Range(1, 100_000_000)]
    public long Steps { get; set; } = 1000;

    /// <summary>Image side in pixels (the base of the buckets with <see cref="MultiScale"/>).</summary>
    [Range(8, 8192)]
    public int Resolution { get; set; } = 256;

    /// <summary>Multi-aspect-ratio buckets (reference 7.5) and the resolution/aspect-ratio micro-conditions.</summary>
    public bool MultiScale { get; set; }

    /// <summary>Samples per micro-batch (an optimizer step sees BatchSize × GradientAccumulation samples).</summary>
    [Range(1, 65536)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Micro-batches accumulated into one optimizer step.</summary>
    [Range(1, 1024)]
    public int GradientAccumulation { get; set; } = 1;

    /// <summary>Peak learning rate of AdamW.</summary>
    [Range(1e-12, 1.0)]
    public double LearningRate { get; set; } = 2e-5;

    /// <summary>Linear warm-up steps from 0 to <see cref="LearningRate"/>.</summary>
    [Range(0, 100_000_000)]
    public int WarmupSteps { get; set; } = 1000;

    /// <summary>After warm-up: <c>constant</c> (PixArt) or <c>cosine</c> decay to 0 at the last step.</summary>
    public string LearningRateSchedule { get; set; } = "constant";

    /// <summary>AdamW weight decay, applied to every parameter (as the official optimizer does).</summary>
    [Range(0.0, 10.0)]
    public double WeightDecay { get; set; } = 0.03;

    /// <summary>AdamW ε.</summary>
    [Range(0.0, 1.0)]
    public double Epsilon { get; set; } = 1e-10;

    /// <summary>Maximum global gradient norm (clipping); 0 turns clipping off.</summary>
    [Range(0.0, 1e9)]
    public double GradientClip { get; set; } = 0.01;

    /// <summary>EMA decay per optimizer step (the official 0.9999; with <see cref="EmaWarmup"/>, its ceiling).</summary>
    [Range(0.0, 1.0)]
    public double EmaDecay { get; set; } = 0.9999;

    /// <summary>
    /// Caps the decay of the stage's n-th EMA update (0-based) at <c>(1 + n) / (10 + n)</c>, as diffusers' <c>EMAModel</c> does by
    /// default, so the average forgets the stage's starting weights within its first steps instead of over 1/(1 − decay) of
    /// them: with 0.9999 and no warmup, 37 % of a 10,000-step stage's average is still its start (a from-scratch start has a
    /// zeroed final layer, so its samples are noise). False: the official constant decay.
    /// </summary>
    public bool EmaWarmup { get; set; } = true;

    /// <summary>Probability of replacing a sample's condition with the null condition (caption or class dropout, for guidance).</summary>
    [Range(0.0, 1.0)]
    public double ConditionDropout { get; set; } = 0.1;

    /// <summary>
    /// Probability of leaving out each comma-separated clause of a training caption, drawn per sample and step (at least
    /// one clause is kept); 0, the default, trains on the captions as written, as PixArt does. A concept-dense caption
    /// ("grinning cat face with smiling eyes, twemoji style, smile cat, cat face, ...") then also teaches the model the
    /// short prompts people type ("smile cat", "cat face"): without it a model trained on a small data set's dense captions
    /// only knows whole captions and draws a blur of its concepts for anything shorter. Caption stages only.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CaptionClauseDropout { get; set; }

    /// <summary>What this stage takes from the previous stage: its <c>model</c> weights or its <c>ema</c> weights.</summary>
    public string LoadFrom { get; set; } = "model";

    /// <summary>Checks the cross-field rules; derived classes add theirs by overriding and calling base.</summary>
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Schedules.Contains(LearningRateSchedule))
            yield return new ValidationResult($"allowed: {string.Join(", ", Schedules)}", [nameof(LearningRateSchedule)]);
        if (!LoadSources.Contains(LoadFrom))
            yield return new ValidationResult($"allowed: {string.Join(", ", LoadSources)}", [nameof(LoadFrom)]);
        if (WarmupSteps > Steps)
            yield return new ValidationResult($"must be at most Steps ({Steps})", [nameof(WarmupSteps)]);
    }
}
