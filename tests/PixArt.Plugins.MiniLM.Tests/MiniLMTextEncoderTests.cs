using Microsoft.Extensions.Logging;
using PixArt.Hosting.Runtime;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>The <c>minilm</c> encoder's contract: shapes, dtypes, mask, truncation, determinism, batching, tensor lifetimes.</summary>
[Collection(MiniLMCollection.Name)]
public sealed class MiniLMTextEncoderTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    private static readonly string[] Prompts = ["a smiling cat face", "grinning cat with smiling eyes", "", "red apple on a wooden table, studio light"];

    [Fact]
    public void DefaultsAre32TokensOf384()
    {
        Assert.Equal(32, fixture.Encoder.MaxLength);
        Assert.Equal(384, fixture.Encoder.HiddenSize);
    }

    [Fact]
    public void EncodeReturnsTokensAndMaskOfTheContract()
    {
        using var embedding = fixture.Encoder.Encode(Prompts);
        Assert.Equal(new long[] { 4, 32, 384 }, embedding.Tokens.shape);
        Assert.Equal(ScalarType.Float32, embedding.Tokens.dtype);
        Assert.Equal(TorchSharp.DeviceType.CPU, embedding.Tokens.device_type);
        Assert.False(embedding.Tokens.requires_grad);
        Assert.Equal(new long[] { 4, 32 }, embedding.Mask.shape);
        Assert.Equal(ScalarType.Int64, embedding.Mask.dtype);
        Assert.Empty(embedding.Truncated);
        Assert.True(embedding.Tokens.isfinite().all().item<bool>());

        var batch = fixture.Encoder.Tokenize(Prompts);
        for (var b = 0; b < Prompts.Length; b++)
        {
            var pieces = fixture.Encoder.Tokenizer.EncodePieces(Prompts[b]).Count;
            var mask = embedding.Mask[b].data<long>().ToArray();
            Assert.Equal(Enumerable.Repeat(1L, pieces + 2).Concat(Enumerable.Repeat(0L, 32 - pieces - 2)), mask);
            Assert.Equal(101L, batch.Ids[b * 32]);
            Assert.Equal(102L, batch.Ids[b * 32 + pieces + 1]);
            Assert.All(batch.Ids.Skip(b * 32 + pieces + 2).Take(32 - pieces - 2), id => Assert.Equal(0L, id));
        }
        Assert.Equal(2L, embedding.Mask[2].sum().item<long>()); // the empty prompt: [CLS] [SEP]
    }

    [Fact]
    public void EncodingIsDeterministic()
    {
        using var first = fixture.Encoder.Encode(Prompts);
        using var second = fixture.Encoder.Encode(Prompts);
        Assert.True(first.Tokens.eq(second.Tokens).all().item<bool>(), "two encodings of the same prompts differ");
        Assert.True(first.Mask.eq(second.Mask).all().item<bool>());
    }

    [Fact]
    public void ABatchEqualsEachPromptAlone()
    {
        using var batch = fixture.Encoder.Encode(Prompts);
        var worst = 0.0;
        for (var b = 0; b < Prompts.Length; b++)
        {
            using var alone = fixture.Encoder.Encode([Prompts[b]]);
            using var row = batch.Tokens[b];
            using var diff = (row - alone.Tokens[0]).abs().max();
            worst = Math.Max(worst, diff.item<float>());
            Assert.True(batch.Mask[b].eq(alone.Mask[0]).all().item<bool>());
        }
        output.WriteLine($"largest |batch - alone| over {Prompts.Length} prompts x 32 x 384: {worst:E2}");
        Assert.True(worst < 1e-5, $"batch and single encodings differ by {worst:E2}");
    }

    [Fact]
    public void LongPromptsAreTruncatedKeepingClsAndSepAndAreReported()
    {
        var logs = new CapturingLoggerProvider();
        using var encoder = MiniLMFixture.Create(new MiniLMOptions { MaxLength = 8 }, logs: logs);
        string[] prompts = ["a cat", "an old man standing next to the tall tower in the green field at sunset"];
        using var embedding = encoder.Encode(prompts);
        Assert.Equal(new[] { 1 }, embedding.Truncated);
        Assert.Equal(new long[] { 2, 8, 384 }, embedding.Tokens.shape);
        Assert.Equal(8L, embedding.Mask[1].sum().item<long>());
        var ids = encoder.Tokenize(prompts).Ids;
        var pieces = encoder.Tokenizer.EncodePieces(prompts[1]);
        Assert.Equal(new long[] { 101 }.Concat(pieces.Take(6).Select(p => (long)p)).Append(102), ids.Skip(8).Take(8));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("\"an old man standing next to the tall tow…\" is longer than", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("prompt 1", StringComparison.Ordinal));
    }

    [Fact]
    public void TokensComeInTheRuntimeDType()
    {
        using var encoder = MiniLMFixture.Create(new MiniLMOptions(), new RuntimeContext(CPU, ScalarType.BFloat16));
        using var embedding = encoder.Encode(Prompts);
        using var reference = fixture.Encoder.Encode(Prompts);
        Assert.Equal(ScalarType.BFloat16, embedding.Tokens.dtype);
        Assert.Equal(ScalarType.Int64, embedding.Mask.dtype);
        using var widened = embedding.Tokens.to(ScalarType.Float32);
        using var expected = reference.Tokens.to(ScalarType.BFloat16).to(ScalarType.Float32);
        Assert.True(widened.eq(expected).all().item<bool>(), "bf16 tokens are not the rounded float32 ones");
    }

    [Fact]
    public void AnEmptyBatchGivesEmptyTensors()
    {
        using var embedding = fixture.Encoder.Encode(Array.Empty<string>());
        Assert.Equal(new long[] { 0, 32, 384 }, embedding.Tokens.shape);
        Assert.Equal(new long[] { 0, 32 }, embedding.Mask.shape);
    }

    [Fact]
    public void EncodeLeavesNoTensorsBehind()
    {
        using (fixture.Encoder.Encode(Prompts)) { } // warm up
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        long whileHeld;
        using (var embedding = fixture.Encoder.Encode(Prompts))
            whileHeld = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        var after = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        output.WriteLine($"live tensors: +{whileHeld} while the embedding is held, +{after} after disposing it");
        Assert.True(whileHeld <= 2, $"{whileHeld} tensors live while holding one embedding (tokens and mask expected)");
        Assert.Equal(0, after);
    }

    [Fact]
    public void NullPromptListIsRejected() =>
        Assert.Throws<ArgumentNullException>(() => fixture.Encoder.Encode(null!));
}
