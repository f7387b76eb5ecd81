using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Text;
using PixArt.Plugins.MiniLM.Model;
using PixArt.Plugins.MiniLM.Tokenization;
using static TorchSharp.torch;

namespace PixArt.Plugins.MiniLM;

/// <summary>
/// The <c>minilm</c> text encoder: WordPiece tokenization to <see cref="MaxLength"/> tokens and the frozen ONNX encoder. Tokens
/// come back <c>[B, MaxLength, HiddenSize]</c> (the graph's <c>last_hidden_state</c>, padding rows included as the model
/// computes them) in the runtime dtype on the runtime device, mask <c>[B, MaxLength]</c> int64.
/// </summary>
public sealed class MiniLMTextEncoder : ITextEncoder
{
    private readonly OnnxEncoder _model;
    private readonly Device _device;
    private readonly ScalarType _dtype;
    private readonly ILogger _logger;
    private readonly TruncationReport _truncations = new();

    internal MiniLMTextEncoder(OnnxEncoder model, MiniLMTokenizer tokenizer, int maxLength, Device device, ScalarType dtype, ILogger logger)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        Tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        if (maxLength < 2) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "MaxLength must be at least 2 ([CLS] and [SEP])");
        MaxLength = maxLength;
        _device = device;
        _dtype = dtype;
        _logger = logger;
    }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public int HiddenSize => _model.HiddenSize;

    /// <summary>The tokenizer in use.</summary>
    public MiniLMTokenizer Tokenizer { get; }

    /// <summary>Ids and mask of <paramref name="prompts"/> (no model run).</summary>
    public TokenBatch Tokenize(IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        return Tokenizer.EncodeBatch(prompts, MaxLength);
    }

    /// <inheritdoc />
    public TextEmbedding Encode(IReadOnlyList<string> prompts)
    {
        var batch = Tokenize(prompts);
        // Named by its start, not its index: a batch index means nothing to whoever wrote the text (a negative prompt is
        // encoded alone, as index 0). Once per distinct text: training encodes the same captions every epoch.
        foreach (var index in batch.Truncated.Where(i => _truncations.IsNew(prompts[i] ?? "")))
            _logger.LogWarning("MiniLM: \"{Excerpt}\" is longer than {MaxLength} tokens and was truncated to {Kept} word pieces between [CLS] and [SEP]",
                Excerpt(prompts[index]), MaxLength, MaxLength - 2);
        var hidden = batch.Count == 0 ? Array.Empty<float>() : _model.Run(batch.Ids, batch.Mask, batch.Count, batch.Length);
        // The graph runs outside libtorch, so there is no autograd history; no_grad only keeps the copies out of any caller's graph.
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var tokens = tensor(hidden, new long[] { batch.Count, batch.Length, HiddenSize }, ScalarType.Float32).to(_dtype, _device); // [B, L, C]
        var mask = tensor(batch.Mask, new long[] { batch.Count, batch.Length }, ScalarType.Int64).to(_device);          // [B, L]
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
