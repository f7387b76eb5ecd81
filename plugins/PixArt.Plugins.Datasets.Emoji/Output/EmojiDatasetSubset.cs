using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>
/// Cuts a small dataset out of a built one, in the same format (this is how the committed CI fixture is made): the given
/// classes, renumbered 0…k−1 in their original order, and per class the first <c>emojiPerClass − 1</c> training emoji
/// plus the first held-out emoji (or <c>emojiPerClass</c> training emoji when the class has none held out), each with
/// all its images (both styles, its skin-tone variant). Licence files are copied; the manifest is recomputed.
/// </summary>
public static class EmojiDatasetSubset
{
    /// <summary>Writes the subset to <paramref name="output"/> (which must not exist or be empty) and returns its manifest.</summary>
    /// <exception cref="EmojiDataException">A requested class does not exist, or the output folder is in the way.</exception>
    public static EmojiDatasetManifest Create(string source, string output, IReadOnlyList<string> classNames, int emojiPerClass)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (emojiPerClass < 1) throw new ArgumentOutOfRangeException(nameof(emojiPerClass), emojiPerClass, "must be at least 1");
        EmojiDatasetValidator.EnsureValid(source);
        var records = EmojiDatasetFolder.ReadRecords(source);
        var classes = EmojiDatasetFolder.ReadClasses(source);
        var manifest = EmojiDatasetManifest.Load(Path.Combine(source, EmojiDatasetWriter.ManifestFile));
        var unknown = classNames.Where(n => classes.All(c => c.Name != n)).ToList();
        if (unknown.Count > 0)
            throw new EmojiDataException($"no class {string.Join(", ", unknown.Select(n => $"'{n}'"))} in {source}; classes: {string.Join(", ", classes.Select(c => c.Name))}");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new EmojiDataException($"{output} exists and is not empty; choose a new folder");

        var kept = classes.Where(c => classNames.Contains(c.Name)).ToList();
        var renumbered = kept.Select((c, i) => c with { Index = i }).ToList();
        var newIndex = kept.Select((c, i) => (c.Index, i)).ToDictionary(p => p.Index, p => p.i);
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in kept)
        {
            var emoji = records.Where(r => r.Class == c.Index).Select(r => (r.BaseUnified, r.Split)).Distinct().ToList();
            var held = emoji.Where(e => e.Split == EmojiSplit.Eval).Take(1).ToList();
            var train = emoji.Where(e => e.Split == EmojiSplit.Train).Take(emojiPerClass - held.Count);
            foreach (var e in train.Concat(held)) chosen.Add(e.BaseUnified);
        }
        var subset = records.Where(r => newIndex.ContainsKey(r.Class) && chosen.Contains(r.BaseUnified))
            .Select(r => r with { Class = newIndex[r.Class] }).ToList();

        Directory.CreateDirectory(output);
        foreach (var r in subset)
        {
            var to = Path.Combine(output, r.File);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(Path.Combine(source, r.File), to);
        }
        foreach (var file in EmojiLicenseFiles.All)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(output, file))!);
            File.Copy(Path.Combine(source, file), Path.Combine(output, file));
        }
        var skinTones = Enum.GetValues<SkinToneSelection>().First(s => EmojiDatasetWriter.Kebab(s) == manifest.Settings.SkinTones);
        var header = new EmojiDatasetWriter.Header(manifest.Sources, skinTones, manifest.Settings.EvalFraction,
            manifest.Sources.ToDictionary(s => s.Style, _ => 0), ExcludedRecords: 0,
            new EmojiDatasetManifest.SubsetInfo
            {
                SourceCaptionsSha256 = manifest.Files.CaptionsSha256,
                Classes = kept.Select(c => c.Name).ToList(),
                EmojiPerClass = emojiPerClass,
            });
        var result = EmojiDatasetWriter.Write(output, renumbered, subset, header);
        EmojiDatasetValidator.EnsureValid(output);
        return result;
    }
}
