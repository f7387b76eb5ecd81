namespace PixArt.Plugins.T5.Tokenization;

/// <summary>
/// Viterbi segmentation of normalized UTF-8 into the most probable sequence of unigram pieces, following
/// SentencePiece's optimized unigram encoder: best path ending at every character boundary, pieces found by a
/// byte trie, a character no piece starts with becomes the unknown piece (score = min normal score − 10), and runs of
/// unknown pieces are merged into one (byte fallback is not supported).
/// </summary>
internal sealed class UnigramSegmenter
{
    private const float UnknownPenalty = 10f;
    private readonly TrieNode _root = new();
    private readonly SentencePieceModel _model;
    private readonly float _unknownScore;
    private readonly double _maxScore;

    public UnigramSegmenter(SentencePieceModel model)
    {
        _model = model;
        UnknownId = -1;
        var minScore = float.MaxValue;
        var maxScore = 1.17549435e-38f; // SentencePiece starts max_score at FLT_MIN (smallest normal float)
        for (var id = 0; id < model.Pieces.Count; id++)
        {
            var p = model.Pieces[id];
            if (p.Type == PieceType.Unknown) UnknownId = id;
            if (p.Type == PieceType.Normal)
            {
                minScore = Math.Min(minScore, p.Score);
                maxScore = Math.Max(maxScore, p.Score);
            }
            if (p.Type is PieceType.Normal or PieceType.UserDefined or PieceType.Unused) Insert(p.Piece, id);
        }
        if (UnknownId < 0) throw new InvalidDataException($"{model.Path}: the model has no piece of type UNKNOWN");
        _unknownScore = minScore - UnknownPenalty;
        _maxScore = maxScore;
    }

    public int UnknownId { get; }

    public List<int> Segment(ReadOnlySpan<byte> text)
    {
        var size = text.Length;
        var nodes = new Node[size + 1];
        for (var i = 0; i <= size; i++) nodes[i] = new Node(-1, 0f, -1);
        var start = 0;
        while (start < size)
        {
            var tillHere = nodes[start].Score;
            var charLength = Math.Max(1, Math.Min(Utf8LeadLength(text[start]), size - start));
            var hasSingleCharPiece = false;
            var node = _root;
            for (var pos = start; pos < size; pos++)
            {
                if (node.Children is null || !node.Children.TryGetValue(text[pos], out node)) break;
                if (node.Id < 0) continue;
                var type = _model.Pieces[node.Id].Type;
                if (type == PieceType.Unused) continue;
                var length = pos + 1 - start;
                // SentencePiece mixes a double (user-defined score) and float here, so the sum is taken in double.
                double score = type == PieceType.UserDefined ? length * _maxScore - 0.1 : _model.Pieces[node.Id].Score;
                var candidate = score + tillHere;
                ref var target = ref nodes[pos + 1];
                if (target.StartsAt == -1 || candidate > target.Score) target = new Node(node.Id, (float)candidate, start);
                if (length == charLength) hasSingleCharPiece = true;
            }
            if (!hasSingleCharPiece)
            {
                var candidate = _unknownScore + tillHere;
                ref var target = ref nodes[start + charLength];
                if (target.StartsAt == -1 || candidate > target.Score) target = new Node(UnknownId, candidate, start);
            }
            start += charLength;
        }

        var reversed = new List<int>();
        for (var end = size; end > 0; end = nodes[end].StartsAt) reversed.Add(nodes[end].Id);
        reversed.Reverse();
        var ids = new List<int>(reversed.Count);
        foreach (var id in reversed)
        {
            if (id == UnknownId && ids.Count > 0 && ids[^1] == UnknownId) continue; // merge unknown runs
            ids.Add(id);
        }
        return ids;
    }

    private void Insert(string piece, int id)
    {
        var node = _root;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(piece))
        {
            node.Children ??= new Dictionary<byte, TrieNode>();
            if (!node.Children.TryGetValue(b, out var child)) node.Children[b] = child = new TrieNode();
            node = child;
        }
        if (node.Id < 0) node.Id = id; // the first of duplicate pieces wins
    }

    private static int Utf8LeadLength(byte lead) => lead switch
    {
        < 0xC0 => 1,
        < 0xE0 => 2,
        < 0xF0 => 3,
        _ => 4,
    };

    private readonly record struct Node(int Id, float Score, int StartsAt);

    private sealed class TrieNode
    {
        public Dictionary<byte, TrieNode>? Children;
        public int Id = -1;
    }
}
