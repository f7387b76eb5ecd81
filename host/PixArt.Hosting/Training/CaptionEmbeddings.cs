using PixArt.Abstractions.Data;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Training.Features;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The frozen text encoder's output for a stage's captions. When every distinct caption's embedding fits in
/// <paramref name="budgetBytes"/>, they are encoded once, before the first step, in a fixed order and fixed batches (so
/// the values do not depend on which batch a caption first appears in, and a resumed run sees the same ones) and kept
/// in memory; a step then gathers its rows. Otherwise every batch is encoded as it comes (T5-XXL captions of a large data
/// set: 120 × 4096 floats each). Either way an item whose caption the feature cache holds (<c>pixart extract</c>, same
/// encoder and dtype) is read from it rather than encoded; the cache encodes in the same order and batches as the
/// in-memory fill, so the values are the same with it or without. Tensors handed out belong to the caller's dispose scope.
/// </summary>
public sealed class CaptionEmbeddings : IDisposable
{
    /// <summary>Captions encoded per call while filling the cache.</summary>
    public const int FillBatch = 64;

    private readonly ITextEncoder _encoder;
    private readonly FeatureFolder? _features;
    private readonly Dictionary<string, int>? _rows;
    private readonly Tensor? _tokens; // [N, L, C]
    private readonly Tensor? _mask;   // [N, L]

    /// <summary>
    /// Prepares the embeddings of <paramref name="data"/>'s captions (held in memory when they fit in
    /// <paramref name="budgetBytes"/>), reading those <paramref name="features"/> holds (disposed with this).
    /// </summary>
    public CaptionEmbeddings(ITextEncoder encoder, IDataset data, long budgetBytes, Device device, FeatureFolder? features = null)
    {
        _encoder = encoder;
        _features = features;
        var captions = DistinctCaptions(data);
        var bytes = (long)captions.Count * encoder.MaxLength * encoder.HiddenSize * 4;
        if (captions.Count == 0 || bytes > budgetBytes) return;
        var cachedKey = new Dictionary<string, string>(StringComparer.Ordinal);
        if (features is not null)
            foreach (var item in Enumerable.Range(0, data.Count).Select(data.Item))
                if (TextFeatureSpec.IsCurrent(features, item)) cachedKey.TryAdd(TextFeatureSpec.Stamp(item), item.Key);
        using var scope = NewDisposeScope();
        var tokens = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var chunk in captions.Chunk(FillBatch))
        {
            var (chunkTokens, chunkMask) = chunk.All(cachedKey.ContainsKey)
                ? Read(chunk.Select(c => cachedKey[c]).ToList())
                : Encode(encoder, chunk);
            tokens.Add(chunkTokens.to(device));
            masks.Add(chunkMask.to(device));
        }
        _tokens = cat(tokens, 0).DetachFromDisposeScope();
        _mask = cat(masks, 0).DetachFromDisposeScope();
        _rows = captions.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>
    /// The distinct captions of <paramref name="data"/> in ordinal order: the order (in chunks of <see cref="FillBatch"/>)
    /// both the in-memory fill and <c>pixart extract</c> encode them in.
    /// </summary>
    public static IReadOnlyList<string> DistinctCaptions(IDataset data) =>
        Enumerable.Range(0, data.Count).Select(i => TextFeatureSpec.Stamp(data.Item(i))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Encodes <paramref name="captions"/>: tokens <c>[B, L, C]</c> and mask <c>[B, L]</c> in the caller's dispose scope.</summary>
    public static (Tensor Tokens, Tensor Mask) Encode(ITextEncoder encoder, IReadOnlyList<string> captions)
    {
        var embedding = encoder.Encode(captions);
        return (embedding.Tokens, embedding.Mask);
    }

    /// <summary>Whether the captions are held in memory.</summary>
    public bool Cached => _rows is not null;

    /// <summary>Tokens <c>[B, L, C]</c> and mask <c>[B, L]</c> of <paramref name="items"/>' captions (in the caller's dispose scope).</summary>
    public (Tensor Tokens, Tensor Mask) Encode(IReadOnlyList<DatasetItem> items)
    {
        if (_rows is null)
        {
            return _features is not null && items.All(i => TextFeatureSpec.IsCurrent(_features, i))
                ? Read(items.Select(i => i.Key).ToList())
                : Encode(_encoder, items.Select(TextFeatureSpec.Stamp).ToList());
        }
        return Encode(items.Select(TextFeatureSpec.Stamp).ToList());
    }

    /// <summary>
    /// Tokens <c>[B, L, C]</c> and mask <c>[B, L]</c> of <paramref name="captions"/> (in the caller's dispose scope):
    /// gathered when all are held in memory, else encoded (captions rewritten by clause dropout are not in the cache).
    /// </summary>
    public (Tensor Tokens, Tensor Mask) Encode(IReadOnlyList<string> captions)
    {
        if (_rows is null || !captions.All(_rows.ContainsKey)) return Encode(_encoder, captions);
        var index = tensor(captions.Select(c => (long)_rows[c]).ToArray(), device: _tokens!.device);
        return (_tokens.index_select(0, index), _mask!.index_select(0, index));
    }

    // The cached embeddings of items <paramref name="keys"/>, stacked.
    private (Tensor Tokens, Tensor Mask) Read(IReadOnlyList<string> keys) =>
        (stack(keys.Select(k => _features!.Read(k, FeatureCache.TokensTensor)).ToArray()),
         stack(keys.Select(k => _features!.Read(k, FeatureCache.MaskTensor)).ToArray()));

    /// <inheritdoc />
    public void Dispose()
    {
        _features?.Dispose();
        _tokens?.Dispose();
        _mask?.Dispose();
    }
}
