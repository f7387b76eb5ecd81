using System.Security.Cryptography;
using System.Text.RegularExpressions;
using PixArt.Plugins.Datasets.Emoji.Planning;
using PixArt.Plugins.Datasets.Emoji.Sources;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>
/// Checks a dataset folder against the format: every file present, every line well-formed and consistent with
/// <c>classes.json</c>, every image an RGB PNG of the recorded size, splits whole per group, captions within budget, and
/// the manifest's counts and checksums matching the files. The builder runs it on what it wrote; tests run it on the
/// committed fixture.
/// </summary>
public static partial class EmojiDatasetValidator
{
    /// <summary>All problems found (empty when the folder is valid).</summary>
    public static IReadOnlyList<string> Validate(string directory)
    {
        var problems = new List<string>();
        foreach (var file in new[] { EmojiDatasetWriter.CaptionsFile, EmojiDatasetWriter.ClassesFile, EmojiDatasetWriter.ManifestFile }.Concat(EmojiLicenseFiles.All))
            if (!File.Exists(Path.Combine(directory, file))) problems.Add($"{file}: missing");
        if (problems.Count > 0) return problems;

        IReadOnlyList<EmojiDatasetRecord> records;
        IReadOnlyList<EmojiClass> classes;
        EmojiDatasetManifest manifest;
        try
        {
            records = EmojiDatasetFolder.ReadRecords(directory);
            classes = EmojiDatasetFolder.ReadClasses(directory);
            manifest = EmojiDatasetManifest.Load(Path.Combine(directory, EmojiDatasetWriter.ManifestFile));
        }
        catch (InvalidDataException e)
        {
            problems.Add(e.Message);
            return problems;
        }

        var files = new HashSet<string>(StringComparer.Ordinal);
        var groupSplit = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var at = $"{EmojiDatasetWriter.CaptionsFile}:{i + 1}";
            var style = EmojiStyles.Find(r.Style);
            if (style is null) problems.Add($"{at}: unknown style '{r.Style}'");
            var m = FilePattern().Match(r.File);
            if (!m.Success) problems.Add($"{at}: file '{r.File}' is not images/<style>/<code points>.png");
            else if (m.Groups[1].Value != r.Style) problems.Add($"{at}: file '{r.File}' is not in the folder of style '{r.Style}'");
            else if (m.Groups[2].Value != r.Unified.ToLowerInvariant()) problems.Add($"{at}: file '{r.File}' is not named after unified '{r.Unified}'");
            if (!files.Add(r.File)) problems.Add($"{at}: file '{r.File}' listed twice");
            if (r.Class < 0 || r.Class >= classes.Count) problems.Add($"{at}: class {r.Class} is not in {EmojiDatasetWriter.ClassesFile} (0..{classes.Count - 1})");
            else if (classes[r.Class].Name != r.Subcategory) problems.Add($"{at}: class {r.Class} is '{classes[r.Class].Name}' but the subcategory is '{r.Subcategory}'");
            if (r.Split is not (EmojiSplit.Train or EmojiSplit.Eval)) problems.Add($"{at}: split '{r.Split}' is not train or eval");
            if (groupSplit.TryGetValue(r.Group, out var split) && split != r.Split) problems.Add($"{at}: group '{r.Group}' is in both splits");
            groupSplit.TryAdd(r.Group, r.Split);
            if (r.Group != EmojiSplit.GroupKey(r.BaseUnified)) problems.Add($"{at}: group '{r.Group}' does not match base emoji {r.BaseUnified}");
            if (string.IsNullOrWhiteSpace(r.Caption) || !r.Caption.StartsWith(r.Name, StringComparison.Ordinal))
                problems.Add($"{at}: caption must start with the name '{r.Name}'");
            if (EmojiCaptions.WordCount(r.Caption) > EmojiCaptions.MaxWords) problems.Add($"{at}: caption has more than {EmojiCaptions.MaxWords} words");
            if (style is not null && !r.Caption.Split(", ").Take(3).Contains(style.CaptionPhrase))
                problems.Add($"{at}: caption does not name the style ('{style.CaptionPhrase}') among its first three parts");
            if (r.Coverage is < 0 or > 1) problems.Add($"{at}: coverage {r.Coverage} outside [0, 1]");
            if (m.Success) CheckImage(directory, r, at, problems);
        }

        if (manifest.Counts.Images != records.Count) problems.Add($"{EmojiDatasetWriter.ManifestFile}: counts.images {manifest.Counts.Images}, captions.jsonl has {records.Count} lines");
        if (manifest.Counts.Classes != classes.Count) problems.Add($"{EmojiDatasetWriter.ManifestFile}: counts.classes {manifest.Counts.Classes}, classes.json has {classes.Count}");
        foreach (var (name, expected) in new[] { (EmojiSplit.Train, records.Count(r => r.Split == EmojiSplit.Train)), (EmojiSplit.Eval, records.Count(r => r.Split == EmojiSplit.Eval)) })
            if (manifest.Counts.BySplit.GetValueOrDefault(name) != expected) problems.Add($"{EmojiDatasetWriter.ManifestFile}: counts.by_split.{name} {manifest.Counts.BySplit.GetValueOrDefault(name)}, captions.jsonl has {expected}");
        var captionsSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, EmojiDatasetWriter.CaptionsFile))));
        if (manifest.Files.CaptionsSha256 != captionsSha) problems.Add($"{EmojiDatasetWriter.ManifestFile}: files.captions_sha256 does not match captions.jsonl ({captionsSha})");
        if (problems.Count == 0 && manifest.Files.ImagesSha256 != EmojiDatasetWriter.ImagesDigest(directory, records.Select(r => r.File)))
            problems.Add($"{EmojiDatasetWriter.ManifestFile}: files.images_sha256 does not match the images");
        var imagesOnDisk = Directory.Exists(Path.Combine(directory, EmojiDatasetWriter.ImagesFolder))
            ? Directory.EnumerateFiles(Path.Combine(directory, EmojiDatasetWriter.ImagesFolder), "*", SearchOption.AllDirectories).Count() : 0;
        if (imagesOnDisk != files.Count) problems.Add($"images/: {imagesOnDisk} files, captions.jsonl lists {files.Count}");
        return problems;
    }

    /// <summary>Throws when <see cref="Validate"/> finds anything.</summary>
    /// <exception cref="InvalidDataException">The folder is not a valid dataset; the message lists the first problems.</exception>
    public static void EnsureValid(string directory)
    {
        var problems = Validate(directory);
        if (problems.Count > 0)
            throw new InvalidDataException($"{directory}: {problems.Count} problem(s): {string.Join("; ", problems.Take(10))}");
    }

    private static void CheckImage(string directory, EmojiDatasetRecord r, string at, List<string> problems)
    {
        var path = Path.Combine(directory, r.File);
        if (!File.Exists(path))
        {
            problems.Add($"{at}: {r.File} not found");
            return;
        }
        try
        {
            var info = Image.Identify(path, out var format);
            if (info is null || format is not PngFormat) problems.Add($"{at}: {r.File} is not a PNG");
            else if (info.Width != r.Width || info.Height != r.Height) problems.Add($"{at}: {r.File} is {info.Width}x{info.Height}, recorded {r.Width}x{r.Height}");
            else if (info.Metadata.GetPngMetadata().ColorType != PngColorType.Rgb) problems.Add($"{at}: {r.File} is not an RGB PNG");
        }
        catch (ImageFormatException e)
        {
            problems.Add($"{at}: {r.File} is unreadable ({e.Message})");
        }
    }

    [GeneratedRegex("^images/([a-z]+)/([0-9a-f]{2,6}(?:-[0-9a-f]{2,6})*)\\.png$")]
    private static partial Regex FilePattern();
}
