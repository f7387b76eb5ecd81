using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Sampling;
using PixArt.Abstractions.Testing.Text;
using Xunit;

namespace MyTextEncoder.Tests;

[CollectionDefinition(TextEncoderConformanceTests.Collection, DisableParallelization = true)]
public sealed class TextEncoderCollection { }

/// <summary>The encoder passes the conformance kit every PixArt.Framework text encoder passes.</summary>
[Collection(TextEncoderConformanceTests.Collection)]
public sealed class HashedTextEncoderConformanceTests : TextEncoderConformanceTests<HashedTextEncoderFactory>
{
    protected override ComponentContext CreateContext() => new(new HashedTextEncoderOptions(), new MinimalCpuRuntime(), "PixArt:TextEncoder");

    /// <summary>This encoder's own promise: different words give different embeddings.</summary>
    [Fact]
    public void DifferentPromptsGiveDifferentEmbeddings()
    {
        using var encoder = new HashedTextEncoderFactory().Create(CreateContext());
        using var embedding = encoder.Encode(["a cat", "a dog"]);
        using var first = embedding.Tokens[0];
        using var second = embedding.Tokens[1];
        Assert.False(first.equal(second).all().item<bool>());
    }
}
