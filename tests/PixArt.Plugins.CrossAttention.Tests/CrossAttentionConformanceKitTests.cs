using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Conditioning;
using PixArt.Abstractions.Testing.Sampling;

namespace PixArt.Plugins.CrossAttention.Tests;

[CollectionDefinition(ConditioningConformanceTests.Collection, DisableParallelization = true)]
public sealed class ConditioningConformanceCollection { }

/// <summary>Cross-attention on captions (with and without the padding mask) passes the text conditioning kit.</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class CrossAttentionConformanceTests : TextConditioningConformanceTests<CrossAttentionFactory>
{
    protected override ComponentContext CreateContext() => new(new CrossAttentionOptions(), new MinimalCpuRuntime(), "PixArt:TextConditioning");
}

/// <summary>The same without the caption mask (every caption token attended).</summary>
[Collection(ConditioningConformanceTests.Collection)]
public sealed class CrossAttentionWithoutMaskConformanceTests : TextConditioningConformanceTests<CrossAttentionFactory>
{
    protected override ComponentContext CreateContext() => new(new CrossAttentionOptions { UseMask = false }, new MinimalCpuRuntime(), "PixArt:TextConditioning");
}
