using PixArt.Plugins.T5.Tokenization;

namespace PixArt.Plugins.T5.Tests.Tokenization;

/// <summary>T5's special-token layout on top of the pieces: EOS, right padding, mask, truncation.</summary>
public sealed class T5TokenizerTests
{
    private static readonly T5Tokenizer Tokenizer = T5Tokenizer.FromFile(TestSupport.FixturePath("tiny_t5.model"));

    [Fact]
    public void AppendsEosPadsWithZeroAndMasksRealTokens()
    {
        const string text = "a cat sitting on a wooden table";
        var pieces = Tokenizer.EncodePieces(text);
        var length = pieces.Count + 5;
        var batch = Tokenizer.EncodeBatch([text, ""], length);

        Assert.Equal(pieces.Concat([1]).Concat(Enumerable.Repeat(0, 4)).Select(i => (long)i), batch.Ids.Take(length));
        Assert.Equal(Enumerable.Repeat(1L, pieces.Count + 1).Concat(Enumerable.Repeat(0L, 4)), batch.Mask.Take(length));
        // An empty prompt is EOS alone.
        Assert.Equal(new long[] { 1 }.Concat(Enumerable.Repeat(0L, length - 1)), batch.Ids.Skip(length));
        Assert.Equal(1L, batch.Mask.Skip(length).Sum());
        Assert.Empty(batch.Truncated);
    }

    [Fact]
    public void TruncatesToMaxLengthMinusOnePiecesPlusEosAndReportsIt()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the tall tower floating in the ocean", 10));
        var pieces = Tokenizer.EncodePieces(longText);
        var maxLength = pieces.Count / 2;
        var batch = Tokenizer.EncodeBatch(["a cat", longText], maxLength);

        Assert.Equal(new[] { 1 }, batch.Truncated);
        var row = batch.Ids.Skip(maxLength).Take(maxLength).ToArray();
        Assert.Equal(pieces.Take(maxLength - 1).Select(i => (long)i), row.Take(maxLength - 1));
        Assert.Equal(1L, row[^1]);
        Assert.All(batch.Mask.Skip(maxLength), m => Assert.Equal(1L, m));
    }

    [Fact]
    public void ExactlyMaxLengthMinusOnePiecesIsNotTruncated()
    {
        const string text = "three birds flying over the forest";
        var count = Tokenizer.EncodePieces(text).Count;
        Assert.Empty(Tokenizer.EncodeBatch([text], count + 1).Truncated);
        Assert.Equal(new[] { 0 }, Tokenizer.EncodeBatch([text], count).Truncated);
    }

    [Fact]
    public void MissingModelFileIsNamed()
    {
        var path = Path.Combine(TestSupport.TempFolder(), "spiece.model");
        var e = Assert.Throws<FileNotFoundException>(() => T5Tokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void CorruptModelFileIsNamed()
    {
        var path = Path.Combine(TestSupport.TempFolder(), "spiece.model");
        File.WriteAllBytes(path, [0x0A, 0xFF, 0xFF, 0xFF, 0x0F]);
        var e = Assert.Throws<InvalidDataException>(() => T5Tokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
    }
}
