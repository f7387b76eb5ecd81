using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Conditioning;
using PixArt.Abstractions.Testing.Sampling;

namespace PixArt.Plugins.AdaLnSingle.Tests;

[CollectionDefinition(ConditioningConformanceTests.Collection, DisableParallelization = true)]
public sealed class ConditioningConformanceCollection { }

/// <summary>adaLN-single (PixArt-α, reference 1.5) passes the timestep conditioning kit.</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class AdaLnSingleConformanceTests : TimestepConditioningConformanceTests<AdaLnSingleFactory>
{
    protected override ComponentContext CreateContext() => new(new AdaLnSingleOptions { MicroConditions = false }, new MinimalCpuRuntime(), "PixArt:TimestepConditioning");
}

/// <summary>adaLN-single with the resolution and aspect-ratio micro-conditions (the 1024 models) passes it too.</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class AdaLnSingleMicroConditionsConformanceTests : TimestepConditioningConformanceTests<AdaLnSingleFactory>
{
    protected override ComponentContext CreateContext() => new(new AdaLnSingleOptions { MicroConditions = true }, new MinimalCpuRuntime(), "PixArt:TimestepConditioning");
}
