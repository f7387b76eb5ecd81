using PixArt.Plugins.T5.Tokenization;

namespace PixArt.Plugins.T5.Tests.Tokenization;

/// <summary>
/// Our unigram tokenizer against Google's <c>spm_encode --output_format=id</c> on a model trained with T5's layout
/// (fixtures and the script that made them: Fixtures/spm/regenerate.sh).
/// </summary>
public sealed class SpmEncodeAgreementTests
{
    private static readonly T5Tokenizer Tokenizer = T5Tokenizer.FromFile(TestSupport.FixturePath("tiny_t5.model"));

    [Fact]
    public void HandWrittenSentencesMatchSpmEncodeExactly() =>
        AssertAgreement("test_sentences.txt", "expected_ids.txt");

    [Fact]
    public void TrainingCorpusMatchesSpmEncodeExactly() =>
        AssertAgreement("corpus.txt", "expected_corpus_ids.txt");

    [Fact]
    public void ModelHasT5SpecialTokenLayout()
    {
        Assert.Equal(0, Tokenizer.PadId);
        Assert.Equal(1, Tokenizer.EosId);
        Assert.Equal(2, Tokenizer.UnknownId);
        Assert.Equal("nmt_nfkc", Tokenizer.Model.NormalizerName);
        Assert.DoesNotContain(Tokenizer.Model.Pieces, p => p.Piece == "<s>");
    }

    private static void AssertAgreement(string inputFile, string expectedFile)
    {
        var inputs = ReadLines(inputFile);
        var expected = ReadLines(expectedFile);
        Assert.Equal(inputs.Count, expected.Count);
        var failures = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var want = expected[i].Length == 0 ? [] : expected[i].Split(' ').Select(int.Parse).ToArray();
            var got = Tokenizer.EncodePieces(inputs[i]);
            if (!want.SequenceEqual(got))
                failures.Add($"line {i + 1} '{inputs[i]}': spm [{string.Join(' ', want)}] ours [{string.Join(' ', got)}]");
        }
        Assert.True(failures.Count == 0, $"{failures.Count}/{inputs.Count} lines differ:\n{string.Join('\n', failures)}");
    }

    // spm_encode reads lines; keep everything but the line terminator (leading/trailing spaces matter).
    private static List<string> ReadLines(string name) => File.ReadAllText(TestSupport.FixturePath(name)).Split('\n').SkipLast(1).ToList();
}
