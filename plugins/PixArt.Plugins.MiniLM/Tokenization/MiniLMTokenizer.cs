using Microsoft.ML.Tokenizers;

namespace PixArt.Plugins.MiniLM.Tokenization;

/// <summary>
/// BERT WordPiece tokenization (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/>, given BERT's own pre-tokenization and
/// text cleaning by <see cref="BertPreTokenization"/>) padded or truncated to a fixed length:
/// <c>[CLS] pieces… [SEP] [PAD]…</c>, as transformers' <c>tokenizer(texts, padding="max_length", truncation=True)</c>.
/// </summary>
public sealed class MiniLMTokenizer
{
    private readonly BertTokenizer _bert;

    private MiniLMTokenizer(BertTokenizer bert, TokenizerSettings settings)
    {
        _bert = bert;
        Settings = settings;
    }

    /// <summary>The basic-tokenizer switches in use.</summary>
    public TokenizerSettings Settings { get; }

    /// <summary>Id of <c>[CLS]</c>.</summary>
    public int ClassificationId => _bert.ClassificationTokenId;

    /// <summary>Id of <c>[SEP]</c>.</summary>
    public int SeparatorId => _bert.SeparatorTokenId;

    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PaddingId => _bert.PaddingTokenId;

    /// <summary>Loads a <c>vocab.txt</c> (one token per line, id = line number) from <paramref name="vocabulary"/>.</summary>
    public static MiniLMTokenizer Create(Stream vocabulary, TokenizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(settings);
        using var buffer = new MemoryStream();
        vocabulary.CopyTo(buffer);
        // The library's own build first: it validates the special tokens and tells their ids, which the BERT pre-tokenizer
        // needs in their normalized (lower-cased) form, as the library would pass them to its default pre-tokenizer.
        buffer.Position = 0;
        var plain = BertTokenizer.Create(buffer, Options(settings));
        var special = plain.SpecialTokens!.ToDictionary(
            kv => settings.LowerCase ? kv.Key.ToLowerInvariant() : kv.Key, kv => kv.Value, StringComparer.Ordinal);
        buffer.Position = 0;
        var options = Options(settings);
        options.PreTokenizer = BertPreTokenization.Create(special);
        return new MiniLMTokenizer(BertTokenizer.Create(buffer, options), settings);
    }

    private static BertOptions Options(TokenizerSettings settings) => new()
    {
        LowerCaseBeforeTokenization = settings.LowerCase,
        RemoveNonSpacingMarks = settings.StripAccents,
        IndividuallyTokenizeCjk = settings.TokenizeChineseChars,
        ApplyBasicTokenization = true,
        SplitOnSpecialTokens = true,
    };

    /// <summary>The word-piece ids of <paramref name="text"/>, without special tokens and without truncation.</summary>
    public IReadOnlyList<int> EncodePieces(string text) =>
        _bert.EncodeToIds(BertPreTokenization.CleanText(text ?? ""), addSpecialTokens: false);

    /// <summary>
    /// Ids and mask of <paramref name="texts"/>, each row <c>[CLS] pieces [SEP]</c> then <c>[PAD]</c> up to
    /// <paramref name="maxLength"/>; rows with more than <c>maxLength − 2</c> pieces keep the first ones and are listed as truncated.
    /// </summary>
    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var ids = new long[texts.Count * maxLength];
        var mask = new long[texts.Count * maxLength];
        Array.Fill(ids, PaddingId);
        var truncated = new List<int>();
        for (var b = 0; b < texts.Count; b++)
        {
            var pieces = EncodePieces(texts[b]);
            var keep = Math.Min(pieces.Count, maxLength - 2);
            if (keep < pieces.Count) truncated.Add(b);
            var row = b * maxLength;
            ids[row] = ClassificationId;
            for (var i = 0; i < keep; i++) ids[row + 1 + i] = pieces[i];
            ids[row + keep + 1] = SeparatorId;
            Array.Fill(mask, 1L, row, keep + 2);
        }
        return new TokenBatch(ids, mask, texts.Count, maxLength, truncated);
    }
}
