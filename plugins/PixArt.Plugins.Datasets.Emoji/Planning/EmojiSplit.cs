using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>
/// The fixed train/eval split. The unit is a <em>group</em> of emoji (<see cref="GroupKey"/>): a base emoji with all its
/// skin-tone variants and both styles, joined with its gender and direction variants, so nothing the eval side shows
/// was seen in training as a recoloured or re-gendered twin. A group is held out when
/// <c>SHA-256("pixart-emoji-split-v1:" + group key)</c>, read as a number in [0, 1), is below the eval fraction
/// (default 0.1): stable across runs, machines and .NET versions, and an emoji's side does not depend on which other
/// emoji exist. One correction keeps stage 1 trainable: a class whose every group landed in eval gets its group with
/// the largest hash value back into train.
/// </summary>
public static class EmojiSplit
{
    /// <summary>Salt of the split hash; changing it changes the split (and must change the dataset's format version).</summary>
    public const string Salt = "pixart-emoji-split-v1";

    /// <summary>Split names.</summary>
    public const string Train = "train", Eval = "eval";

    /// <summary>Default held-out fraction.</summary>
    public const double DefaultEvalFraction = 0.1;

    private const string Zwj = "200D";

    /// <summary>
    /// The group an emoji belongs to, from its code points: <c>FE0F</c> and skin-tone modifiers dropped; a trailing
    /// <c>ZWJ ♀</c>/<c>ZWJ ♂</c> (gender) or <c>ZWJ ➡</c> (facing right) dropped; <c>man</c>/<c>woman</c> + ZWJ + one
    /// thing (<c>man cook</c>, <c>woman: red hair</c>) mapped to <c>person</c> + ZWJ + that thing. So <c>mage</c>,
    /// <c>man mage</c> and <c>woman mage</c> share a group, as do <c>cook</c>, <c>man cook</c> and <c>woman cook</c>.
    /// </summary>
    public static string GroupKey(string unified)
    {
        var cps = unified.ToUpperInvariant().Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Where(cp => cp != "FE0F" && !SkinTones.IsModifier(cp)).ToList();
        if (cps.Count >= 3 && cps[^2] == Zwj && cps[^1] == "27A1") cps.RemoveRange(cps.Count - 2, 2);
        if (cps.Count >= 3 && cps[^2] == Zwj && cps[^1] is "2640" or "2642") cps.RemoveRange(cps.Count - 2, 2);
        if (cps.Count == 3 && cps[1] == Zwj && cps[0] is "1F468" or "1F469") cps[0] = "1F9D1";
        return string.Join("-", cps);
    }

    /// <summary>The group's position in [0, 1) under the salted SHA-256.</summary>
    public static double HashUnit(string groupKey)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Salt}:{groupKey}"), digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) / (double)(1UL << 53);
    }

    /// <summary>
    /// Assigns every group a split. <paramref name="members"/> lists (group key, class index) for each emoji (repeats
    /// are fine); the result maps each group key to <see cref="Train"/> or <see cref="Eval"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Assign(IEnumerable<(string Group, int Class)> members, double evalFraction = DefaultEvalFraction)
    {
        if (evalFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(evalFraction), evalFraction, "must be in [0, 1)");
        var list = members.Distinct().ToList();
        var split = list.Select(m => m.Group).Distinct(StringComparer.Ordinal)
            .ToDictionary(g => g, g => HashUnit(g) < evalFraction ? Eval : Train, StringComparer.Ordinal);
        foreach (var cls in list.GroupBy(m => m.Class).OrderBy(g => g.Key))
        {
            var groups = cls.Select(m => m.Group).Distinct(StringComparer.Ordinal).ToList();
            if (groups.Any(g => split[g] == Train)) continue;
            var back = groups.OrderByDescending(HashUnit).ThenBy(g => g, StringComparer.Ordinal).First();
            split[back] = Train;
        }
        return split;
    }
}
