using Xunit.Abstractions;

namespace PixArt.Plugins.MiniLM.Tests.Tokenization;

/// <summary>Token ids against Hugging Face's tokenizer pipeline (Tokenizers.js over the same vocab.txt, see Fixtures/hf).</summary>
[Collection(MiniLMCollection.Name)]
public sealed class HuggingFaceTokenizerTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void EveryFixtureSentenceGetsTheHuggingFaceIds()
    {
        var cases = Fixtures.HuggingFaceIds();
        var tokenizer = fixture.Encoder.Tokenizer;
        var mismatches = new List<string>();
        foreach (var (text, expected) in cases)
        {
            var batch = tokenizer.EncodeBatch([text], MiniLMOptions.MaxPositions);
            var length = (int)batch.Mask.Sum();
            var ids = batch.Ids.Take(length).ToArray();
            if (!ids.SequenceEqual(expected))
                mismatches.Add($"{text}: ours [{string.Join(" ", ids)}], Hugging Face [{string.Join(" ", expected)}]");
        }
        output.WriteLine($"Hugging Face agreement: {cases.Count - mismatches.Count}/{cases.Count} sentences");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void UncasedSettingsAreTheModelsOwn()
    {
        var settings = fixture.Encoder.Tokenizer.Settings;
        Assert.True(settings.LowerCase);
        Assert.True(settings.StripAccents);
        Assert.True(settings.TokenizeChineseChars);
        Assert.Equal((101, 102, 0), (fixture.Encoder.Tokenizer.ClassificationId, fixture.Encoder.Tokenizer.SeparatorId, fixture.Encoder.Tokenizer.PaddingId));
        Assert.Equal(fixture.Encoder.Tokenizer.EncodePieces("A Smiling CAT"), fixture.Encoder.Tokenizer.EncodePieces("a smiling cat"));
    }
}
