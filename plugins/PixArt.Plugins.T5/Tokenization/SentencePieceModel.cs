using System.Text;

namespace PixArt.Plugins.T5.Tokenization;

/// <summary>The type of a SentencePiece vocabulary entry (<c>SentencePiece.Type</c> in sentencepiece_model.proto).</summary>
public enum PieceType
{
    /// <summary>An ordinary piece.</summary>
    Normal = 1,
    /// <summary>The unknown token.</summary>
    Unknown = 2,
    /// <summary>A control symbol (pad, eos, bos); never produced by segmentation.</summary>
    Control = 3,
    /// <summary>A user-defined symbol, always kept whole.</summary>
    UserDefined = 4,
    /// <summary>A byte-fallback piece <c>&lt;0xNN&gt;</c>.</summary>
    Byte = 6,
    /// <summary>Present in the vocabulary but never produced.</summary>
    Unused = 5,
}

/// <summary>One vocabulary entry: surface, log-probability score, type.</summary>
/// <param name="Piece">The piece text (whitespace escaped as U+2581).</param>
/// <param name="Score">Unigram log-probability.</param>
/// <param name="Type">What kind of entry it is.</param>
public sealed record SentencePiece(string Piece, float Score, PieceType Type);

/// <summary>
/// The parts of a SentencePiece <c>ModelProto</c> (<c>spiece.model</c>) that unigram encoding needs: the pieces, the
/// normalizer spec and the trainer flags that change segmentation. Parsed without a protobuf dependency.
/// </summary>
public sealed class SentencePieceModel
{
    private SentencePieceModel(string path) => Path = path;

    /// <summary>The file the model was read from.</summary>
    public string Path { get; }

    /// <summary>Vocabulary in id order.</summary>
    public IReadOnlyList<SentencePiece> Pieces { get; private set; } = Array.Empty<SentencePiece>();

    /// <summary>Trainer model type (1 = unigram, 2 = BPE, 3 = word, 4 = char).</summary>
    public int ModelType { get; private set; } = 1;

    /// <summary>Whether unknown characters were to be split into byte pieces (not supported here).</summary>
    public bool ByteFallback { get; private set; }

    /// <summary>Whether the whitespace marker goes after words instead of before (not supported here).</summary>
    public bool TreatWhitespaceAsSuffix { get; private set; }

    /// <summary>Normalization rule name (e.g. <c>nmt_nfkc</c>, <c>identity</c>).</summary>
    public string NormalizerName { get; private set; } = "";

    /// <summary>The compiled normalization map (empty when the rule is identity).</summary>
    public byte[] PrecompiledCharsMap { get; private set; } = Array.Empty<byte>();

    /// <summary>Prepend U+2581 to the text (proto default true).</summary>
    public bool AddDummyPrefix { get; private set; } = true;

    /// <summary>Drop leading/trailing whitespace and collapse runs (proto default true).</summary>
    public bool RemoveExtraWhitespaces { get; private set; } = true;

    /// <summary>Replace spaces with U+2581 (proto default true).</summary>
    public bool EscapeWhitespaces { get; private set; } = true;

    /// <summary>Reads and parses <paramref name="path"/>; throws <see cref="FileNotFoundException"/> or <see cref="InvalidDataException"/> naming it.</summary>
    public static SentencePieceModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: SentencePiece model not found", path);
        try
        {
            return Parse(File.ReadAllBytes(path), path);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: not a valid SentencePiece model ({e.Message})", e);
        }
    }

    /// <summary>Parses a serialized <c>ModelProto</c>; <paramref name="path"/> is used in messages only.</summary>
    public static SentencePieceModel Parse(ReadOnlySpan<byte> data, string path)
    {
        var model = new SentencePieceModel(path);
        var pieces = new List<SentencePiece>();
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1 && wire == 2) pieces.Add(ParsePiece(reader.ReadBytes()));
            else if (field == 2 && wire == 2) model.ParseTrainerSpec(reader.ReadBytes());
            else if (field == 3 && wire == 2) model.ParseNormalizerSpec(reader.ReadBytes());
            else reader.Skip(wire);
        }
        if (pieces.Count == 0) throw new FormatException("the model has no pieces");
        model.Pieces = pieces;
        return model;
    }

    private static SentencePiece ParsePiece(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        string piece = "";
        var score = 0f;
        var type = PieceType.Normal;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1 && wire == 2) piece = Encoding.UTF8.GetString(reader.ReadBytes());
            else if (field == 2 && wire == 5) score = reader.ReadFixed32AsFloat();
            else if (field == 3 && wire == 0) type = (PieceType)(int)reader.ReadVarint();
            else reader.Skip(wire);
        }
        return new SentencePiece(piece, score, type);
    }

    private void ParseTrainerSpec(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            // Field numbers from sentencepiece_model.proto: model_type 3, treat_whitespace_as_suffix 24, byte_fallback 35.
            if (wire == 0 && field is 3 or 24 or 35)
            {
                var value = reader.ReadVarint();
                if (field == 3) ModelType = (int)value;
                else if (field == 24) TreatWhitespaceAsSuffix = value != 0;
                else ByteFallback = value != 0;
            }
            else reader.Skip(wire);
        }
    }

    private void ParseNormalizerSpec(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 2): NormalizerName = Encoding.UTF8.GetString(reader.ReadBytes()); break;
                case (2, 2): PrecompiledCharsMap = reader.ReadBytes().ToArray(); break;
                case (3, 0): AddDummyPrefix = reader.ReadVarint() != 0; break;
                case (4, 0): RemoveExtraWhitespaces = reader.ReadVarint() != 0; break;
                case (5, 0): EscapeWhitespaces = reader.ReadVarint() != 0; break;
                default: reader.Skip(wire); break;
            }
        }
    }
}
