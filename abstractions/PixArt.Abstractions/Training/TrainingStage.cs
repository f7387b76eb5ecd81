using System.Diagnostics.CodeAnalysis;

namespace PixArt.Abstractions.Training;

/// <summary>What one stage of the curriculum trains, resolved from its options by its stage plugin. Provisional (ADR 0003).</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Options">The stage's validated settings (steps, resolution, optimizer, EMA, dropout, what to load).</param>
/// <param name="Condition">What the stage conditions on: class labels (stage 1) or captions.</param>
/// <param name="TimestepConditioning">The timestep conditioning the stage's denoiser uses (type and options).</param>
/// <param name="TextConditioning">The text conditioning the stage's denoiser uses (type and options).</param>
[Experimental("PXF0001")]
public sealed record TrainingStage(
    string Name,
    TrainingStageOptions Options,
    TrainingCondition Condition,
    ComponentChoice TimestepConditioning,
    ComponentChoice TextConditioning);

/// <summary>What a stage conditions on.</summary>
[Experimental("PXF0001")]
public enum TrainingCondition
{
    /// <summary>Class labels; dropout uses the null class.</summary>
    ClassLabel,

    /// <summary>Captions through the text encoder; dropout uses the learned null caption.</summary>
    Caption,
}

/// <summary>A component chosen by type id with its options as configuration key/values (e.g. <c>NumClasses</c> = <c>98</c>).</summary>
/// <param name="Type">The component's type id.</param>
/// <param name="Options">Option values by key, bound onto the component's options type like a configuration section.</param>
[Experimental("PXF0001")]
public sealed record ComponentChoice(string Type, IReadOnlyDictionary<string, string> Options);

/// <summary>What a stage plugin may know of the data before it decides its conditioning.</summary>
/// <param name="ClassCount">Classes of the stage's data set (0 when it has none).</param>
/// <param name="HasCaptions">Whether its items carry captions.</param>
[Experimental("PXF0001")]
public sealed record DatasetFacts(int ClassCount, bool HasCaptions);
