using System.Text;
using PixArt.Abstractions.Text;
using static TorchSharp.torch;

namespace MyTextEncoder;

/// <summary>
/// A text encoder with no model file: a prompt is lower-cased and split into words, each word's FNV-1a hash picks a row of
/// an embedding table drawn from a seeded normal distribution, and the rows are the token embeddings
/// (<c>[B, MaxLength, HiddenSize]</c>, float32, zero past the mask). An empty prompt is one token, the table's row 0.
/// Replace the tokenizer and the table with your model; keep the shapes, the mask and the truncation report.
/// </summary>
public sealed class HashedTextEncoder : ITextEncoder
{
    private readonly Tensor _table;
    private readonly int _buckets;

    /// <summary>An encoder with <paramref name="options"/>' table.</summary>
    public HashedTextEncoder(HashedTextEncoderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MaxLength = options.MaxLength;
        HiddenSize = options.HiddenSize;
        _buckets = options.Buckets;
        using var generator = new Generator((ulong)options.Seed);
        _table = randn([options.Buckets, options.HiddenSize], generator: generator);
    }

    /// <inheritdoc />
    public int MaxLength { get; }

    /// <inheritdoc />
    public int HiddenSize { get; }

    /// <inheritdoc />
    public TextEmbedding Encode(IReadOnlyList<string> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var ids = new long[prompts.Count * MaxLength];
        var mask = new long[prompts.Count * MaxLength];
        var truncated = new List<int>();
        for (var b = 0; b < prompts.Count; b++)
        {
            var words = Words(prompts[b]);
            if (words.Count > MaxLength) truncated.Add(b);
            var count = Math.Max(1, Math.Min(words.Count, MaxLength));
            for (var t = 0; t < count; t++)
            {
                ids[b * MaxLength + t] = words.Count == 0 ? 0 : Bucket(words[t]);
                mask[b * MaxLength + t] = 1;
            }
        }
        // Every intermediate tensor is freed with the scope; the two results move out of it.
        using var scope = NewDisposeScope();
        var index = tensor(ids, [prompts.Count, MaxLength]);
        var maskTensor = tensor(mask, [prompts.Count, MaxLength]);
        var rows = _table.index_select(0, index.flatten()).reshape(prompts.Count, MaxLength, HiddenSize);
        var tokens = rows.mul(maskTensor.unsqueeze(-1).to(ScalarType.Float32));
        return new TextEmbedding(tokens.MoveToOuterDisposeScope(), maskTensor.MoveToOuterDisposeScope(), truncated);
    }

    /// <inheritdoc />
    public void Dispose() => _table.Dispose();

    private static List<string> Words(string prompt) =>
        prompt.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();

    private long Bucket(string word)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(word)) hash = (hash ^ b) * 16777619u;
        return hash % (uint)_buckets;
    }
}
