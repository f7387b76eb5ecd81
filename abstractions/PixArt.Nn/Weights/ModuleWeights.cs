using System.Text;
using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Weights;

/// <summary>Strict loading and exporting of a module's state dict through a <see cref="WeightKeyMap"/>.</summary>
public static class ModuleWeights
{
    /// <summary>
    /// Copies every tensor of <paramref name="source"/> into <paramref name="module"/> (converting dtype and device to the
    /// module's), one tensor at a time. <paramref name="map"/> null means the source uses the module's own keys.
    /// Missing keys, unexpected keys and shape mismatches are collected and reported together in one
    /// <see cref="WeightFormatException"/> that names the source; nothing is reported for keys in <paramref name="optional"/>
    /// or declared absent from the layout (<see cref="WeightKeyMap.Absent"/>).
    /// </summary>
    public static void LoadStrict(nn.Module module, IWeightSource source, WeightKeyMap? map = null, IEnumerable<string>? optional = null)
    {
        var state = module.state_dict();
        IReadOnlyDictionary<string, string[]> plan;
        IReadOnlyList<string> unexpected;
        if (map is null)
        {
            plan = source.Keys.ToDictionary(k => k, k => new[] { k }, StringComparer.Ordinal);
            unexpected = Array.Empty<string>();
        }
        else
        {
            plan = map.PlanLoad(source.Keys, out unexpected);
        }

        var optionalSet = new HashSet<string>(optional ?? Array.Empty<string>(), StringComparer.Ordinal);
        if (map is not null) optionalSet.UnionWith(state.Keys.Where(map.IsAbsent));
        var unexpectedAll = unexpected.Concat(plan.Keys.Where(k => !state.ContainsKey(k)).SelectMany(k => plan[k])).ToList();
        var missing = state.Keys.Where(k => !plan.ContainsKey(k) && !optionalSet.Contains(k)).ToList();
        var mismatched = new List<string>();
        foreach (var (native, parts) in plan)
        {
            if (!state.TryGetValue(native, out var target)) continue;
            var shapes = parts.Select(p => source.Describe(p).Shape).ToList();
            var fused = shapes.Count == 1 ? shapes[0] : FusedShape(shapes);
            if (fused is null || !fused.SequenceEqual(target.shape))
                mismatched.Add($"{string.Join(" + ", parts)} {Describe(shapes)} -> {native} [{string.Join(", ", target.shape)}]");
        }
        if (missing.Count + unexpectedAll.Count + mismatched.Count > 0)
            throw new WeightFormatException(Report(source.Path, missing, unexpectedAll, mismatched));

        using var noGrad = no_grad();
        foreach (var (native, parts) in plan)
        {
            var target = state[native];
            using var scope = NewDisposeScope();
            try
            {
                var value = parts.Length == 1 ? source.Read(parts[0]) : cat(parts.Select(source.Read).ToArray(), 0);
                target.copy_(value);
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                // libtorch's message carries its C++ stack: one line, naming the file and the tensor, is what a user needs.
                throw new WeightFormatException($"{source.Path}: tensor '{string.Join(" + ", parts)}' could not be loaded: {NativeErrorText.FirstLine(e.Message)}", e);
            }
        }
    }

    /// <summary>
    /// The module's tensors under the external layout of <paramref name="map"/> (fused tensors split into equal parts),
    /// or under its own keys when <paramref name="map"/> is null. Returned tensors are views owned by the module.
    /// Throws when a module key has no rule, naming the keys.
    /// </summary>
    public static Dictionary<string, Tensor> Export(nn.Module module, WeightKeyMap? map = null)
    {
        var state = module.state_dict();
        if (map is null) return new Dictionary<string, Tensor>(state, StringComparer.Ordinal);
        var plan = map.PlanSave(state.Keys, out var unmatched);
        if (unmatched.Count > 0)
            throw new InvalidOperationException($"no checkpoint key for module tensor(s): {string.Join(", ", unmatched)}");
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (native, externals) in plan)
        {
            var tensor = state[native];
            if (externals.Length == 1)
            {
                result[externals[0]] = tensor;
                continue;
            }
            if (tensor.shape[0] % externals.Length != 0)
                throw new InvalidOperationException($"{native} [{string.Join(", ", tensor.shape)}] cannot be split into {externals.Length} equal parts");
            var chunks = tensor.chunk(externals.Length, 0);
            for (var i = 0; i < externals.Length; i++) result[externals[i]] = chunks[i];
        }
        return result;
    }

    /// <summary>
    /// Copies every tensor of <paramref name="source"/>'s state dict that <paramref name="target"/> has under the same key and
    /// shape (converting dtype and device); the rest of <paramref name="target"/> keeps its values. The stage-to-stage load
    /// of reference 7.2: new modules (e.g. micro-condition embedders) keep their initialisation. Returns the keys copied and
    /// the target keys left as they were.
    /// </summary>
    public static (IReadOnlyList<string> Copied, IReadOnlyList<string> Kept) CopyMatching(nn.Module source, nn.Module target)
    {
        var from = source.state_dict();
        var to = target.state_dict();
        var copied = new List<string>();
        var kept = new List<string>();
        using var noGrad = no_grad();
        foreach (var (key, tensor) in to)
        {
            if (from.TryGetValue(key, out var value) && value.shape.SequenceEqual(tensor.shape))
            {
                tensor.copy_(value);
                copied.Add(key);
            }
            else kept.Add(key);
        }
        return (copied, kept);
    }

    /// <summary>
    /// Fills every tensor of <paramref name="module"/> with random values for benchmarks and smoke tests (a model whose
    /// outputs mean nothing): biases 0, other 1-D tensors (norm scales) 1, matrices and kernels ~ N(0, 1/fan_in).
    /// </summary>
    public static void InitializeRandomly(nn.Module module, Generator? generator = null)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!tensor.is_floating_point()) continue;
            if (name.EndsWith("bias", StringComparison.Ordinal)) tensor.zero_();
            else if (tensor.dim() <= 1) tensor.fill_(1.0);
            else tensor.normal_(0, 1.0 / Math.Sqrt(tensor.numel() / tensor.shape[0]), generator);
        }
    }

    private static long[]? FusedShape(List<long[]> shapes)
    {
        var first = shapes[0];
        if (shapes.Any(s => s.Length != first.Length || !s.Skip(1).SequenceEqual(first.Skip(1)))) return null;
        var fused = (long[])first.Clone();
        fused[0] = shapes.Sum(s => s[0]);
        return fused;
    }

    private static string Describe(List<long[]> shapes) =>
        string.Join(" + ", shapes.Select(s => "[" + string.Join(", ", s) + "]"));

    private static string Report(string path, List<string> missing, List<string> unexpected, List<string> mismatched)
    {
        var sb = new StringBuilder($"{path}: checkpoint does not fit the model");
        void Section(string title, List<string> items)
        {
            if (items.Count == 0) return;
            sb.Append($"\n  {title} ({items.Count}): ");
            sb.Append(string.Join(", ", items.Take(20)));
            if (items.Count > 20) sb.Append($", ... {items.Count - 20} more");
        }
        Section("missing keys", missing);
        Section("unexpected keys", unexpected);
        Section("shape mismatches", mismatched);
        return sb.ToString();
    }
}
