using PixArt.Abstractions.Data;
using PixArt.Abstractions.Text;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The frozen text encoder's output for a stage's captions. When every distinct caption's embedding fits in
/// <paramref name="budgetBytes"/>, they are encoded once, before the first step, in a fixed order and fixed batches (so
/// the values do not depend on which batch a caption first appears in, and a resumed run sees the same ones) and kept
/// in memory; a step then gathers its rows. Otherwise every batch is encoded as it comes (T5-XXL captions of a large data
/// set: 120 × 4096 floats each). Tensors handed out belong to the caller's dispose scope.
/// </summary>
public sealed class CaptionEmbeddings : IDisposable
{
    /// <summary>Captions encoded per call while filling the cache.</summary>
    public const int FillBatch = 64;

    private readonly ITextEncoder _encoder;
    private readonly Dictionary<string, int>? _rows;
    private readonly Tensor? _tokens; // [N, L, C]
    private readonly Tensor? _mask;   // [N, L]

    /// <summary>Prepares the embeddings of <paramref name="data"/>'s captions (cached when they fit in <paramref name="budgetBytes"/>).</summary>
    public CaptionEmbeddings(ITextEncoder encoder, IDataset data, long budgetBytes, Device device)
    {
        _encoder = encoder;
        var captions = Enumerable.Range(0, data.Count).Select(i => data.Item(i).Caption ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var bytes = (long)captions.Count * encoder.MaxLength * encoder.HiddenSize * 4;
        if (captions.Count == 0 || bytes > budgetBytes) return;
        using var scope = NewDisposeScope();
        var tokens = new List<Tensor>();
        var masks = new List<Tensor>();
        foreach (var chunk in captions.Chunk(FillBatch))
        {
            var embedding = encoder.Encode(chunk);
            tokens.Add(embedding.Tokens.to(device));
            masks.Add(embedding.Mask.to(device));
        }
        _tokens = cat(tokens, 0).DetachFromDisposeScope();
        _mask = cat(masks, 0).DetachFromDisposeScope();
        _rows = captions.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>Whether the captions are held in memory.</summary>
    public bool Cached => _rows is not null;

    /// <summary>Tokens <c>[B, L, C]</c> and mask <c>[B, L]</c> of <paramref name="captions"/> (in the caller's dispose scope).</summary>
    public (Tensor Tokens, Tensor Mask) Encode(IReadOnlyList<string> captions)
    {
        if (_rows is null)
        {
            var embedding = _encoder.Encode(captions);
            return (embedding.Tokens, embedding.Mask);
        }
        var index = tensor(captions.Select(c => (long)_rows[c]).ToArray(), device: _tokens!.device);
        return (_tokens.index_select(0, index), _mask!.index_select(0, index));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _tokens?.Dispose();
        _mask?.Dispose();
    }
}
