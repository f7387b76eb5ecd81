namespace PixArt.Plugins.T5.Tokenization;

/// <summary>Token ids of a batch: <c>[B, L]</c> ids padded with the pad id, mask 1 for real tokens and EOS, truncated prompt indices.</summary>
/// <param name="Ids">Row-major ids, <c>B × L</c>.</param>
/// <param name="Mask">Row-major mask, <c>B × L</c>.</param>
/// <param name="Length">L.</param>
/// <param name="Truncated">Indices of prompts that had more than L − 1 pieces.</param>
public sealed record TokenBatch(long[] Ids, long[] Mask, int Length, IReadOnlyList<int> Truncated);

/// <summary>
/// T5's tokenizer over a SentencePiece unigram model: pieces as <c>spm_encode</c> gives them, then T5's special-token
/// layout (pad 0, EOS 1, unk 2, no BOS): EOS appended, right-padded with pad, truncated to L − 1 pieces + EOS.
/// </summary>
public sealed class T5Tokenizer
{
    private readonly SentencePieceNormalizer _normalizer;
    private readonly UnigramSegmenter _segmenter;

    /// <summary>Builds the tokenizer; throws <see cref="NotSupportedException"/> naming the file for non-unigram or byte-fallback models.</summary>
    public T5Tokenizer(SentencePieceModel model)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (model.ModelType != 1)
            throw new NotSupportedException($"{model.Path}: model type {model.ModelType} is not supported; only unigram (1) SentencePiece models are");
        if (model.ByteFallback)
            throw new NotSupportedException($"{model.Path}: byte-fallback models are not supported (T5's spiece.model has no byte pieces)");
        _normalizer = new SentencePieceNormalizer(model);
        _segmenter = new UnigramSegmenter(model);
        EosId = FindControl("</s>") ?? 1;
        PadId = FindControl("<pad>") ?? 0;
    }

    /// <summary>Loads <c>spiece.model</c> from <paramref name="path"/> (the file, or a folder holding it).</summary>
    public static T5Tokenizer FromFile(string path)
    {
        var file = Directory.Exists(path) ? System.IO.Path.Combine(path, "spiece.model") : path;
        return new T5Tokenizer(SentencePieceModel.Load(file));
    }

    /// <summary>The parsed model.</summary>
    public SentencePieceModel Model { get; }

    /// <summary>End-of-sequence id (1 for T5).</summary>
    public int EosId { get; }

    /// <summary>Padding id (0 for T5).</summary>
    public int PadId { get; }

    /// <summary>Unknown-piece id (2 for T5).</summary>
    public int UnknownId => _segmenter.UnknownId;

    /// <summary>Piece ids of <paramref name="text"/> without EOS (what <c>spm_encode --output_format=id</c> prints).</summary>
    public IReadOnlyList<int> EncodePieces(string text) => _segmenter.Segment(_normalizer.Normalize(text));

    /// <summary>Ids and mask of <paramref name="texts"/>, each padded or truncated to <paramref name="maxLength"/> (EOS included).</summary>
    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, int maxLength)
    {
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "must be at least 1 (room for EOS)");
        var ids = new long[texts.Count * maxLength];
        var mask = new long[texts.Count * maxLength];
        var truncated = new List<int>();
        for (var b = 0; b < texts.Count; b++)
        {
            var pieces = EncodePieces(texts[b]);
            var keep = Math.Min(pieces.Count, maxLength - 1);
            if (keep < pieces.Count) truncated.Add(b);
            var row = b * maxLength;
            Array.Fill(ids, PadId, row, maxLength);
            for (var i = 0; i < keep; i++) ids[row + i] = pieces[i];
            ids[row + keep] = EosId;
            Array.Fill(mask, 1L, row, keep + 1);
        }
        return new TokenBatch(ids, mask, maxLength, truncated);
    }

    private int? FindControl(string piece)
    {
        for (var i = 0; i < Model.Pieces.Count; i++)
            if (Model.Pieces[i].Type == PieceType.Control && Model.Pieces[i].Piece == piece) return i;
        return null;
    }
}
