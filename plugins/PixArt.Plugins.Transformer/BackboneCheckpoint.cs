using System.Text.RegularExpressions;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// The backbone's tensors (patch embedding, blocks, final linear) as each checkpoint layout names them, and the check made
/// from a checkpoint's headers before the model is built: every backbone tensor the dimensions call for is there with
/// the shape they give, and the checkpoint has no more blocks than the depth. So a <c>config.json</c> or option that
/// disagrees with the weights (say <c>num_layers: 1000000000</c>, or a hidden size of 65536 beside an XL checkpoint) is
/// reported, naming the file and the tensors, before anything is allocated. The conditioning children check their own keys.
/// </summary>
internal static partial class BackboneCheckpoint
{
    /// <summary>Shapes of the backbone's native tensors for <paramref name="config"/> (what <see cref="PixArtTransformer"/> allocates).</summary>
    public static Dictionary<string, long[]> ExpectedShapes(PixArtTransformerConfig config)
    {
        long c = config.HiddenSize, p = config.PatchSize, mlp = (long)(config.HiddenSize * config.MlpRatio);
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal)
        {
            ["x_embedder.proj.weight"] = [c, config.InChannels, p, p],
            ["x_embedder.proj.bias"] = [c],
            ["final_layer.linear.weight"] = [p * p * config.OutChannels, c],
            ["final_layer.linear.bias"] = [p * p * config.OutChannels],
        };
        // Blocks beyond those a checkpoint can hold are not listed one by one: the block count is checked first.
        for (var i = 0; i < Math.Min(config.Depth, 4096); i++)
        {
            shapes[$"blocks.{i}.attn.qkv.weight"] = [3 * c, c];
            shapes[$"blocks.{i}.attn.qkv.bias"] = [3 * c];
            shapes[$"blocks.{i}.attn.proj.weight"] = [c, c];
            shapes[$"blocks.{i}.attn.proj.bias"] = [c];
            shapes[$"blocks.{i}.mlp.fc1.weight"] = [mlp, c];
            shapes[$"blocks.{i}.mlp.fc1.bias"] = [mlp];
            shapes[$"blocks.{i}.mlp.fc2.weight"] = [c, mlp];
            shapes[$"blocks.{i}.mlp.fc2.bias"] = [c];
        }
        return shapes;
    }

    /// <summary>The backbone's rules of <paramref name="layout"/>'s key map (the conditioning children add theirs).</summary>
    public static WeightKeyMap KeyMap(CheckpointLayout layout)
    {
        var map = new WeightKeyMap();
        switch (layout)
        {
            case CheckpointLayout.Official:
                map.RenameLinear("x_embedder.proj", "x_embedder.proj");
                map.RenameLinear("blocks.{i}.attn.qkv", "blocks.{i}.attn.qkv");
                map.RenameLinear("blocks.{i}.attn.proj", "blocks.{i}.attn.proj");
                map.RenameLinear("blocks.{i}.mlp.fc1", "blocks.{i}.mlp.fc1");
                map.RenameLinear("blocks.{i}.mlp.fc2", "blocks.{i}.mlp.fc2");
                map.RenameLinear("final_layer.linear", "final_layer.linear");
                map.Ignore("pos_embed"); // a stored buffer of the construction size; always recomputed (reference 1.4)
                break;
            case CheckpointLayout.Diffusers:
                map.RenameLinear("pos_embed.proj", "x_embedder.proj");
                map.Fuse("blocks.{i}.attn.qkv.weight", "transformer_blocks.{i}.attn1.to_q.weight",
                    "transformer_blocks.{i}.attn1.to_k.weight", "transformer_blocks.{i}.attn1.to_v.weight");
                map.Fuse("blocks.{i}.attn.qkv.bias", "transformer_blocks.{i}.attn1.to_q.bias",
                    "transformer_blocks.{i}.attn1.to_k.bias", "transformer_blocks.{i}.attn1.to_v.bias");
                map.RenameLinear("transformer_blocks.{i}.attn1.to_out.0", "blocks.{i}.attn.proj");
                map.RenameLinear("transformer_blocks.{i}.ff.net.0.proj", "blocks.{i}.mlp.fc1");
                map.RenameLinear("transformer_blocks.{i}.ff.net.2", "blocks.{i}.mlp.fc2");
                map.RenameLinear("proj_out", "final_layer.linear");
                break;
            case CheckpointLayout.Native:
                foreach (var key in new[] { "x_embedder.proj", "blocks.{i}.attn.qkv", "blocks.{i}.attn.proj", "blocks.{i}.mlp.fc1", "blocks.{i}.mlp.fc2", "final_layer.linear" })
                    map.RenameLinear(key, key);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown checkpoint layout");
        }
        return map;
    }

    /// <summary>
    /// Throws <see cref="WeightFormatException"/> when <paramref name="source"/> (in <paramref name="layout"/>) does not hold
    /// the backbone <paramref name="config"/> describes; <paramref name="origin"/> says where the dimensions came from.
    /// Reads headers only.
    /// </summary>
    public static void Check(IWeightSource source, CheckpointLayout layout, PixArtTransformerConfig config, string origin)
    {
        var plan = KeyMap(layout).PlanLoad(source.Keys, out _);
        var blocks = plan.Keys.Select(k => BlockIndex().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
        var dims = $"hidden size {config.HiddenSize}, depth {config.Depth}, heads {config.Heads}, patch {config.PatchSize}, channels {config.InChannels} in / {config.OutChannels} out";
        if (blocks != config.Depth)
            throw new WeightFormatException($"{source.Path}: the checkpoint has {blocks} transformer blocks but {origin} gives depth {config.Depth} ({dims}); the dimensions must match the weights");
        var problems = new List<string>();
        foreach (var (native, expected) in ExpectedShapes(config))
        {
            if (!plan.TryGetValue(native, out var parts))
            {
                problems.Add($"{native} is missing");
                continue;
            }
            var shapes = parts.Select(p => source.Describe(p).Shape).ToList();
            var actual = Fused(shapes);
            if (actual is null || !actual.SequenceEqual(expected))
                problems.Add($"{string.Join(" + ", parts)} is {string.Join(" + ", shapes.Select(Text))}, expected {Text(expected)}");
        }
        if (problems.Count > 0)
            throw new WeightFormatException($"{source.Path}: the checkpoint does not match {origin} ({dims}): " +
                $"{string.Join("; ", problems.Take(3))}{(problems.Count > 3 ? $" (and {problems.Count - 3} more)" : "")}");
    }

    private static long[]? Fused(IReadOnlyList<long[]> shapes)
    {
        if (shapes.Count == 1) return shapes[0];
        if (shapes.Any(s => s.Length == 0 || s.Length != shapes[0].Length || !s.Skip(1).SequenceEqual(shapes[0].Skip(1)))) return null;
        var fused = (long[])shapes[0].Clone();
        fused[0] = shapes.Sum(s => s[0]);
        return fused;
    }

    private static string Text(long[] shape) => $"[{string.Join(", ", shape)}]";

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex BlockIndex();
}
