using System.Text.Json;

namespace PixArt.Plugins.MiniLM.Model;

/// <summary>
/// The size of a BERT encoder from its <c>config.json</c>, so the encoder can be described (hidden size, parameters)
/// without opening its ONNX graph.
/// </summary>
internal sealed record BertDimensions(int HiddenSize, int Layers, int IntermediateSize, int VocabSize, int MaxPositions, int TypeVocabSize)
{
    /// <summary>all-MiniLM-L6-v2 (sentence-transformers' config.json).</summary>
    public static BertDimensions MiniLmL6V2 { get; } = new(384, 6, 1536, 30522, 512, 2);

    /// <summary>
    /// Parameters of the encoder without a pooler (the sentence-transformers ONNX export has none): embeddings and their
    /// norm, then per layer q/k/v/o, two norms and the feed-forward pair.
    /// </summary>
    public long ParameterCount
    {
        get
        {
            long h = HiddenSize, i = IntermediateSize;
            var embeddings = ((long)VocabSize + MaxPositions + TypeVocabSize) * h + 2 * h;
            var layer = 4 * (h * h + h) + 2 * (2 * h) + (h * i + i) + (i * h + h);
            return embeddings + Layers * layer;
        }
    }

    /// <summary>Reads <paramref name="path"/>; null when it lacks the fields; throws <see cref="InvalidDataException"/> naming the file when a field is not a positive integer.</summary>
    public static BertDimensions? FromConfig(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        int? Field(string name)
        {
            if (!doc.RootElement.TryGetProperty(name, out var value)) return null;
            return value.TryGetInt32(out var n) && n > 0 ? n
                : throw new InvalidDataException($"{path}: {name} must be a positive integer, not {value.GetRawText()}");
        }
        var hidden = Field("hidden_size");
        if (hidden is null) return null;
        return new BertDimensions(hidden.Value, Field("num_hidden_layers") ?? 0, Field("intermediate_size") ?? 4 * hidden.Value,
            Field("vocab_size") ?? 0, Field("max_position_embeddings") ?? 512, Field("type_vocab_size") ?? 2);
    }
}
