using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Conditioning;
using PixArt.Abstractions.Testing.Sampling;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.ClassConditioning.Tests;

[CollectionDefinition(ConditioningConformanceTests.Collection, DisableParallelization = true)]
public sealed class ConditioningConformanceCollection { }

/// <summary>adaLN-zero (DiT, the class-conditional stage 1) passes the timestep conditioning kit; it has no diffusers layout.</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class AdaLnZeroConformanceTests : TimestepConditioningConformanceTests<AdaLnZeroFactory>
{
    protected override ComponentContext CreateContext() => new(new AdaLnZeroOptions(), new MinimalCpuRuntime(), "PixArt:TimestepConditioning");

    protected override IReadOnlyList<CheckpointLayout> Layouts => [CheckpointLayout.Native, CheckpointLayout.Official];
}

/// <summary>Class labels (with the null class for guidance and dropout) pass the text conditioning kit; no diffusers layout.</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class ClassLabelConformanceTests : TextConditioningConformanceTests<ClassLabelFactory>
{
    protected override ComponentContext CreateContext() => new(new ClassLabelOptions { NumClasses = 7 }, new MinimalCpuRuntime(), "PixArt:TextConditioning");

    protected override IReadOnlyList<CheckpointLayout> Layouts => [CheckpointLayout.Native, CheckpointLayout.Official];
}
