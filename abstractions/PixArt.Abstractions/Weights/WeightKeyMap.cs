using System.Text.RegularExpressions;

namespace PixArt.Abstractions.Weights;

/// <summary>
/// Maps the keys of an external checkpoint layout onto a module's own state-dict keys, and back.
/// Patterns may hold numeric placeholders such as <c>{i}</c>: <c>blocks.{i}.attn.qkv.weight</c>.
/// A <see cref="Fuse"/> rule concatenates several external tensors along dimension 0 into one module
/// tensor (e.g. diffusers' <c>to_q</c>, <c>to_k</c>, <c>to_v</c> into a fused <c>qkv</c>); saving splits it
/// back into equal parts. Keys matched by <see cref="Ignore"/> are accepted and dropped on load.
/// </summary>
public sealed partial class WeightKeyMap
{
    private readonly List<Rule> _rules = new();
    private readonly List<Regex> _ignored = new();
    private readonly List<string> _absent = new();

    /// <summary>An empty map (no external key matches).</summary>
    public static WeightKeyMap Empty => new();

    /// <summary>Maps <paramref name="external"/> to <paramref name="native"/> one to one.</summary>
    public WeightKeyMap Rename(string external, string native)
    {
        _rules.Add(new Rule(native, new[] { external }));
        return this;
    }

    /// <summary>Maps a linear (or any weight + bias pair): <c>external.weight/bias</c> to <c>native.weight/bias</c>.</summary>
    public WeightKeyMap RenameLinear(string external, string native) =>
        Rename(external + ".weight", native + ".weight").Rename(external + ".bias", native + ".bias");

    /// <summary>Maps several external tensors, concatenated along dim 0 in the given order, onto <paramref name="native"/>.</summary>
    public WeightKeyMap Fuse(string native, params string[] externalParts)
    {
        if (externalParts.Length < 2) throw new ArgumentException("a fuse rule needs at least two parts", nameof(externalParts));
        _rules.Add(new Rule(native, externalParts));
        return this;
    }

    /// <summary>Accepts and drops external keys matching <paramref name="externalPattern"/> (e.g. a stored positional embedding).</summary>
    public WeightKeyMap Ignore(string externalPattern)
    {
        _ignored.Add(Compile(externalPattern));
        return this;
    }

    /// <summary>
    /// Declares a module tensor this layout does not store (e.g. the learned null caption in diffusers files): it is
    /// optional when loading and omitted when saving.
    /// </summary>
    public WeightKeyMap Absent(string nativePattern)
    {
        _absent.Add(nativePattern);
        return this;
    }

    /// <summary>True when <paramref name="nativeKey"/> was declared <see cref="Absent"/> in this layout.</summary>
    public bool IsAbsent(string nativeKey) => _absent.Any(p => Compile(p).IsMatch(nativeKey));

    /// <summary>Adds every rule of <paramref name="other"/>, with <paramref name="nativePrefix"/> put before its native keys.</summary>
    public WeightKeyMap Include(WeightKeyMap other, string nativePrefix = "")
    {
        foreach (var r in other._rules) _rules.Add(new Rule(nativePrefix + r.Native, r.External));
        _ignored.AddRange(other._ignored);
        _absent.AddRange(other._absent.Select(a => nativePrefix + a));
        return this;
    }

    /// <summary>True when <paramref name="externalKey"/> is one to drop.</summary>
    public bool IsIgnored(string externalKey) => _ignored.Any(r => r.IsMatch(externalKey));

    /// <summary>
    /// Plans a load: for each native key, the external keys to concatenate. External keys that match no rule
    /// (and are not ignored) are returned in <paramref name="unmatched"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> PlanLoad(IEnumerable<string> externalKeys, out IReadOnlyList<string> unmatched)
    {
        var plan = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var rest = new List<string>();
        var available = new HashSet<string>(externalKeys, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in available)
        {
            if (used.Contains(key)) continue;
            var matched = false;
            foreach (var rule in _rules)
            {
                for (var p = 0; p < rule.External.Length && !matched; p++)
                {
                    var m = rule.ExternalRegex[p].Match(key);
                    if (!m.Success) continue;
                    var native = Substitute(rule.Native, m);
                    var parts = rule.External.Select(e => Substitute(e, m)).ToArray();
                    if (!parts.All(available.Contains)) continue;
                    plan[native] = parts;
                    foreach (var part in parts) used.Add(part);
                    matched = true;
                }
                if (matched) break;
            }
            if (!matched && !IsIgnored(key)) rest.Add(key);
        }
        unmatched = rest.Where(k => !used.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        return plan;
    }

    /// <summary>
    /// Plans a save: for each native key, the external key(s) it becomes (several when a fused tensor is split).
    /// Native keys no rule covers are returned in <paramref name="unmatched"/>; keys declared <see cref="Absent"/> are left out.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> PlanSave(IEnumerable<string> nativeKeys, out IReadOnlyList<string> unmatched)
    {
        var plan = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var key in nativeKeys)
        {
            if (IsAbsent(key)) continue;
            var found = false;
            foreach (var rule in _rules)
            {
                var m = rule.NativeRegex.Match(key);
                if (!m.Success) continue;
                plan[key] = rule.External.Select(e => Substitute(e, m)).ToArray();
                found = true;
                break;
            }
            if (!found) rest.Add(key);
        }
        unmatched = rest;
        return plan;
    }

    private static string Substitute(string pattern, Match m) =>
        Placeholder().Replace(pattern, ph => m.Groups[ph.Groups[1].Value].Value);

    private static Regex Compile(string pattern)
    {
        var parts = Placeholder().Split(pattern);
        // Split with a capture group alternates literal, name, literal, name, ...
        var sb = new System.Text.StringBuilder("^");
        var seen = new HashSet<string>();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 0) sb.Append(Regex.Escape(parts[i]));
            else if (seen.Add(parts[i])) sb.Append("(?<").Append(parts[i]).Append(">\\d+)");
            else sb.Append("\\k<").Append(parts[i]).Append('>');
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    [GeneratedRegex("\\{([a-z]+)\\}")]
    private static partial Regex Placeholder();

    private sealed class Rule
    {
        public Rule(string native, string[] external)
        {
            Native = native;
            External = external;
            NativeRegex = Compile(native);
            ExternalRegex = external.Select(Compile).ToArray();
        }
        public string Native { get; }
        public string[] External { get; }
        public Regex NativeRegex { get; }
        public Regex[] ExternalRegex { get; }
    }
}
