using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Text;

/// <summary>
/// The behaviour every <see cref="ITextEncoder"/> must show, whatever its model: <see cref="ITextEncoderFactory.Describe"/>
/// agrees with the created encoder; tokens are <c>[B, MaxLength, HiddenSize]</c> and finite, the mask <c>[B, MaxLength]</c>
/// int64 of ones then zeros with at least one real token per prompt; a prompt's embedding does not depend on the batch it
/// is encoded in; encoding is deterministic; a prompt longer than <see cref="ITextEncoder.MaxLength"/> is reported as
/// truncated; nothing leaks. A text encoder's test class derives from this, supplies <see cref="CreateContext"/>, and joins
/// <c>[Collection(TextEncoderConformanceTests.Collection)]</c> (sequential, for the leak count).
/// </summary>
/// <typeparam name="TFactory">The text encoder factory under test.</typeparam>
public abstract class TextEncoderConformanceTests<TFactory> where TFactory : ITextEncoderFactory, new()
{
    /// <summary>The context the encoder under test is created with (its options, a CPU runtime, services it needs).</summary>
    protected abstract ComponentContext CreateContext();

    /// <summary>Relative tolerance of the batch-independence check (padding changes the kernels' shapes, not the maths).</summary>
    protected virtual double BatchTolerance => 1e-4;

    /// <summary>Prompts of different lengths.</summary>
    protected static readonly string[] Prompts = ["a cat", "a small red fox sleeping on a green sofa in the sun"];

    /// <summary>What the factory describes is what it creates.</summary>
    [Fact]
    public void DescribeAgreesWithTheCreatedEncoder()
    {
        var info = new TFactory().Describe(CreateContext());
        using var encoder = new TFactory().Create(CreateContext());
        Assert.Equal(info.HiddenSize, encoder.HiddenSize);
        Assert.Equal(info.MaxLength, encoder.MaxLength);
        Assert.True(info.ParameterCount >= 0);
    }

    /// <summary>The documented shapes, a finite embedding, and a mask of ones followed by zeros.</summary>
    [Fact]
    public void EncodeGivesTheDocumentedShapesAndMask()
    {
        using var encoder = new TFactory().Create(CreateContext());
        using var embedding = encoder.Encode(Prompts);
        Assert.Equal(new long[] { Prompts.Length, encoder.MaxLength, encoder.HiddenSize }, embedding.Tokens.shape);
        Assert.Equal(new long[] { Prompts.Length, encoder.MaxLength }, embedding.Mask.shape);
        Assert.Equal(ScalarType.Int64, embedding.Mask.dtype);
        Assert.True(embedding.Tokens.isfinite().all().item<bool>(), "the token embeddings are not finite");
        var mask = embedding.Mask.data<long>().ToArray();
        for (var b = 0; b < Prompts.Length; b++)
        {
            var row = mask.Skip(b * encoder.MaxLength).Take(encoder.MaxLength).ToArray();
            Assert.All(row, v => Assert.True(v is 0 or 1, $"mask value {v}"));
            var real = row.Count(v => v == 1);
            Assert.True(real >= 1, $"prompt {b} has no real token");
            Assert.True(row.Take(real).All(v => v == 1), $"prompt {b}'s mask is not ones followed by zeros");
        }
    }

    /// <summary>A prompt encoded alone equals the same prompt encoded with a longer one; encoding twice gives the same values.</summary>
    [Fact]
    public void IsDeterministicAndIndependentOfTheBatch()
    {
        using var encoder = new TFactory().Create(CreateContext());
        using var batch = encoder.Encode(Prompts);
        using var again = encoder.Encode(Prompts);
        using var alone = encoder.Encode([Prompts[0]]);
        Assert.True(batch.Tokens.equal(again.Tokens).all().item<bool>(), "two encodings of the same prompts differ");
        using var first = batch.Tokens[0].to(ScalarType.Float32);
        using var single = alone.Tokens[0].to(ScalarType.Float32);
        var error = (first - single).norm().item<float>() / Math.Max(single.norm().item<float>(), 1e-12f);
        Assert.True(error <= BatchTolerance, $"the first prompt's embedding depends on the batch: relative difference {error:E2}");
        Assert.True(batch.Mask[0].equal(alone.Mask[0]).all().item<bool>(), "the first prompt's mask depends on the batch");
    }

    /// <summary>A prompt of more tokens than <see cref="ITextEncoder.MaxLength"/> is listed in <see cref="TextEmbedding.Truncated"/>; a short one is not.</summary>
    [Fact]
    public void ReportsTruncation()
    {
        using var encoder = new TFactory().Create(CreateContext());
        var longPrompt = string.Join(' ', Enumerable.Repeat("a small red fox", encoder.MaxLength + 4));
        using var embedding = encoder.Encode([Prompts[0], longPrompt]);
        Assert.Equal([1], embedding.Truncated);
    }

    /// <summary>Encoding leaves no tensor alive once its result is disposed.</summary>
    [Fact]
    public void LeaksNoTensors()
    {
        using var encoder = new TFactory().Create(CreateContext());
        TensorLeaks.AssertNone(() => encoder.Encode(Prompts).Dispose(), "encodings");
    }
}

/// <summary>The name of the sequential collection text encoder conformance classes join.</summary>
public static class TextEncoderConformanceTests
{
    /// <summary>Collection name.</summary>
    public const string Collection = "text-encoder-conformance";
}
