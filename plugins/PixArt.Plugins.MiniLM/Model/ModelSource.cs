using PixArt.Plugins.MiniLM.Tokenization;

namespace PixArt.Plugins.MiniLM.Model;

/// <summary>
/// Where an encoder comes from: the ONNX graph (a file, or bytes for the embedded model), the WordPiece vocabulary, the
/// tokenizer switches and, when known, the number of learned positions.
/// </summary>
internal sealed class ModelSource
{
    /// <summary>For messages and logs: the folder, or the embedded model's name and package.</summary>
    public required string Description { get; init; }

    /// <summary>The ONNX file, when loading from a folder.</summary>
    public string? OnnxPath { get; init; }

    /// <summary>The ONNX graph itself, when it is not a file of its own.</summary>
    public byte[]? OnnxBytes { get; init; }

    /// <summary>Opens <c>vocab.txt</c>; the caller disposes the stream.</summary>
    public required Func<Stream> OpenVocabulary { get; init; }

    /// <summary>Lower-casing, accent stripping, CJK splitting.</summary>
    public required TokenizerSettings Tokenizer { get; init; }

    /// <summary><c>max_position_embeddings</c>, when the source says.</summary>
    public int? MaxPositions { get; init; }

    /// <summary>The encoder's dimensions from its configuration, when the source has one.</summary>
    public BertDimensions? Dimensions { get; init; }
}
