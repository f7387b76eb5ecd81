using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Text;
using PixArt.Plugins.T5.Model;
using PixArt.Plugins.T5.Text;
using PixArt.Plugins.T5.Tokenization;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5;

/// <summary>
/// The <c>t5</c> text encoder: caption preprocessing, SentencePiece tokenization to <see cref="MaxLength"/> tokens, and the
/// T5 encoder. Tokens come back <c>[B, MaxLength, d_model]</c> in the runtime dtype, mask <c>[B, MaxLength]</c> int64.
/// </summary>
public sealed class T5TextEncoder : ITextEncoder
{
    private readonly T5EncoderModel _model;
    private readonly bool _cleanCaption;
    private readonly Device _device;
    private readonly ILogger _logger;
    private readonly TruncationReport _truncations = new();

    /// <summary>Wraps a loaded model and tokenizer; the encoder owns <paramref name="model"/> and disposes it.</summary>
    public T5TextEncoder(T5EncoderModel model, T5Tokenizer tokenizer, int maxLength, bool cleanCaption, Device device, ILogger logger)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "MaxLength must be at least 2");
        MaxLength = maxLength;
        _cleanCaption = cleanCaption;
        _device = device;
        _logger = logger;
    }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public int HiddenSize => _model.Config.DModel;

    /// <summary>The tokenizer in use.</summary>
    public T5Tokenizer Tokenizer { get; }

    /// <summary>Ids and mask of <paramref name="prompts"/> after preprocessing (no model run).</summary>
    public TokenBatch Tokenize(IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var texts = prompts.Select(p => CaptionCleaner.Preprocess(p ?? "", _cleanCaption)).ToList();
        return Tokenizer.EncodeBatch(texts, MaxLength);
    }

    /// <inheritdoc />
    public TextEmbedding Encode(IReadOnlyList<string> prompts)
    {
        var batch = Tokenize(prompts);
        // Named by its start, not its index: a batch index means nothing to whoever wrote the text (a negative prompt is
        // encoded alone, as index 0). Once per distinct text: training encodes the same captions every epoch.
        foreach (var index in batch.Truncated.Where(i => _truncations.IsNew(prompts[i] ?? "")))
            _logger.LogWarning("T5: \"{Excerpt}\" is longer than {MaxLength} tokens and was truncated to {Kept} pieces plus EOS",
                Excerpt(prompts[index]), MaxLength, MaxLength - 1);
        // no_grad rather than inference_mode: embeddings may feed a trained module, and inference tensors cannot be saved for backward.
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var shape = new long[] { prompts.Count, MaxLength };
        var ids = tensor(batch.Ids, shape, ScalarType.Int64).to(_device);
        var mask = tensor(batch.Mask, shape, ScalarType.Int64).to(_device);
        var tokens = _model.forward(ids, mask); // [B, L, C]
        return new TextEmbedding(scope.MoveToOuter(tokens), scope.MoveToOuter(mask), batch.Truncated);
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();

    // The start of a text for a log line, control characters shown as '?' (a log is read on a terminal).
    private static string Excerpt(string? text)
    {
        text ??= "";
        return new string((text.Length <= 40 ? text : text[..40] + "…").Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
