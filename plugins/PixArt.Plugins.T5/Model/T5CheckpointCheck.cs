using System.Text.RegularExpressions;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// Compares a T5 config.json with the checkpoint's tensor headers before the encoder is built: the embedding, the block
/// count, the first block's attention, feed-forward and relative-position table and the final norm must have the shapes
/// the config gives. Every config dimension is pinned by one of them, so the encoder allocated afterwards is the one the
/// file holds (reported with both files named, nothing read but headers).
/// </summary>
public static partial class T5CheckpointCheck
{
    /// <summary>Throws <see cref="WeightFormatException"/> when <paramref name="source"/> does not hold the encoder <paramref name="config"/> (read from <paramref name="configPath"/>) describes.</summary>
    public static void Check(T5Config config, IWeightSource source, string configPath)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(source);
        var keys = source.Keys;
        var blocks = keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        if (blocks != config.NumLayers)
            throw new WeightFormatException($"{source.Path}: holds {blocks} encoder blocks but {configPath} gives num_layers {config.NumLayers}");
        long d = config.DModel, inner = (long)config.NumHeads * config.DKv;
        var embedding = keys.Contains("encoder.embed_tokens.weight") ? "encoder.embed_tokens.weight" : "shared.weight";
        const string layer = "encoder.block.0.layer.";
        var expected = new (string Key, long[] Shape, string Fields)[]
        {
            (embedding, [config.VocabSize, d], "vocab_size, d_model"),
            (layer + "0.SelfAttention.q.weight", [inner, d], "num_heads × d_kv, d_model"),
            (layer + "0.SelfAttention.o.weight", [d, inner], "d_model, num_heads × d_kv"),
            (layer + "0.SelfAttention.relative_attention_bias.weight", [config.RelativeAttentionNumBuckets, config.NumHeads], "relative_attention_num_buckets, num_heads"),
            (layer + "1.DenseReluDense.wi_0.weight", [config.DFf, d], "d_ff, d_model"),
            ("encoder.final_layer_norm.weight", [d], "d_model"),
        };
        var problems = new List<string>();
        foreach (var (key, shape, fields) in expected)
        {
            if (!keys.Contains(key)) { problems.Add($"{key} is missing"); continue; }
            var actual = source.Describe(key).Shape;
            if (!actual.SequenceEqual(shape)) problems.Add($"{key} is [{string.Join(", ", actual)}], but {configPath} gives [{string.Join(", ", shape)}] ({fields})");
        }
        if (problems.Count > 0)
            throw new WeightFormatException($"{source.Path}: does not match its config: {string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "")}");
    }

    [GeneratedRegex(@"^encoder\.block\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
