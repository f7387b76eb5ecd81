using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>Writes <c>captions.jsonl</c>, <c>classes.json</c> and <c>dataset.json</c> for images already in the folder.</summary>
public static class EmojiDatasetWriter
{
    /// <summary>File names.</summary>
    public const string CaptionsFile = "captions.jsonl", ClassesFile = "classes.json", ManifestFile = "dataset.json", ImagesFolder = "images";

    /// <summary>What the manifest says besides what the records and files give.</summary>
    /// <param name="Sources">Source packages.</param>
    /// <param name="SkinTones">The skin-tone selection.</param>
    /// <param name="EvalFraction">Held-out fraction.</param>
    /// <param name="SkippedMissingImage">Per style: variants without an image.</param>
    /// <param name="ExcludedRecords">Records left out by category.</param>
    /// <param name="SubsetOf">Set for a subset.</param>
    public sealed record Header(
        IReadOnlyList<EmojiSourceInfo> Sources,
        SkinToneSelection SkinTones,
        double EvalFraction,
        IReadOnlyDictionary<string, int> SkippedMissingImage,
        int ExcludedRecords,
        EmojiDatasetManifest.SubsetInfo? SubsetOf = null);

    /// <summary>Writes the three files and returns the manifest.</summary>
    public static EmojiDatasetManifest Write(string directory, IReadOnlyList<EmojiClass> classes, IReadOnlyList<EmojiDatasetRecord> records, Header header)
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(header);
        var captions = new StringBuilder();
        foreach (var r in records) captions.Append(r.ToJsonLine()).Append('\n');
        var captionBytes = Encoding.UTF8.GetBytes(captions.ToString());
        File.WriteAllBytes(Path.Combine(directory, CaptionsFile), captionBytes);
        File.WriteAllText(Path.Combine(directory, ClassesFile), ClassesJson(classes, records));

        var manifest = new EmojiDatasetManifest
        {
            Sources = header.Sources,
            Settings = new EmojiDatasetManifest.SettingsInfo { SkinTones = Kebab(header.SkinTones), EvalFraction = header.EvalFraction },
            Counts = Count(classes, records, header),
            CaptionWords = CaptionStats(records),
            Files = new EmojiDatasetManifest.FilesInfo
            {
                CaptionsSha256 = Convert.ToHexStringLower(SHA256.HashData(captionBytes)),
                CaptionsLines = records.Count,
                ImagesSha256 = ImagesDigest(directory, records.Select(r => r.File)),
            },
            SubsetOf = header.SubsetOf,
        };
        File.WriteAllText(Path.Combine(directory, ManifestFile), manifest.ToJson());
        return manifest;
    }

    /// <summary>The combined image checksum (see <see cref="EmojiDatasetManifest.FilesInfo.ImagesSha256"/>).</summary>
    public static string ImagesDigest(string directory, IEnumerable<string> files)
    {
        var listing = new StringBuilder();
        foreach (var file in files.Order(StringComparer.Ordinal))
            listing.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, file))))).Append("  ").Append(file).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())));
    }

    /// <summary>Kebab-case name of a skin-tone selection (<c>one-rotating</c>).</summary>
    public static string Kebab(SkinToneSelection selection) => selection switch
    {
        SkinToneSelection.None => "none",
        SkinToneSelection.OneRotating => "one-rotating",
        SkinToneSelection.Uniform => "uniform",
        SkinToneSelection.All => "all",
        _ => selection.ToString().ToLowerInvariant(),
    };

    private static string ClassesJson(IReadOnlyList<EmojiClass> classes, IReadOnlyList<EmojiDatasetRecord> records)
    {
        var emoji = records.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Select(r => r.BaseUnified).Distinct().Count());
        var images = records.GroupBy(r => r.Class).ToDictionary(g => g.Key, g => g.Count());
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("num_classes", classes.Count);
            w.WriteStartArray("classes");
            foreach (var c in classes)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                w.WriteString("name", c.Name);
                w.WriteString("category", c.Category);
                w.WriteString("label", c.Label);
                w.WriteNumber("emoji", emoji.GetValueOrDefault(c.Index));
                w.WriteNumber("images", images.GetValueOrDefault(c.Index));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static EmojiDatasetManifest.CountsInfo Count(IReadOnlyList<EmojiClass> classes, IReadOnlyList<EmojiDatasetRecord> records, Header header)
    {
        SortedDictionary<string, int> By(IEnumerable<EmojiDatasetRecord> rs, Func<EmojiDatasetRecord, string> key) =>
            new(rs.GroupBy(key).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        return new EmojiDatasetManifest.CountsInfo
        {
            Images = records.Count,
            Emoji = records.Select(r => r.BaseUnified).Distinct().Count(),
            Variants = records.Select(r => r.Unified).Distinct().Count(),
            Groups = records.Select(r => r.Group).Distinct().Count(),
            Classes = classes.Count,
            BySplit = By(records, r => r.Split),
            ByStyle = By(records, r => r.Style),
            BySplitAndStyle = new SortedDictionary<string, SortedDictionary<string, int>>(
                records.GroupBy(r => r.Split).ToDictionary(g => g.Key, g => By(g, r => r.Style)), StringComparer.Ordinal),
            EmojiBySplit = new SortedDictionary<string, int>(
                records.GroupBy(r => r.Split).ToDictionary(g => g.Key, g => g.Select(r => r.BaseUnified).Distinct().Count()), StringComparer.Ordinal),
            AestheticBySplit = By(records.Where(r => r.Aesthetic), r => r.Split),
            SkinToneImages = records.Count(r => r.SkinTone is not null),
            SkippedMissingImage = new SortedDictionary<string, int>(header.SkippedMissingImage.ToDictionary(), StringComparer.Ordinal),
            ExcludedRecords = header.ExcludedRecords,
            ByClass = classes.Select(c => new EmojiDatasetManifest.ClassCount(c.Index, c.Name,
                records.Count(r => r.Class == c.Index && r.Split == EmojiSplit.Train),
                records.Count(r => r.Class == c.Index && r.Split == EmojiSplit.Eval))).ToList(),
        };
    }

    private static EmojiDatasetManifest.CaptionStats CaptionStats(IReadOnlyList<EmojiDatasetRecord> records)
    {
        if (records.Count == 0) return new EmojiDatasetManifest.CaptionStats();
        var words = records.Select(r => EmojiCaptions.WordCount(r.Caption)).ToList();
        return new EmojiDatasetManifest.CaptionStats
        {
            Min = words.Min(),
            Max = words.Max(),
            Mean = Math.Round(words.Average(), 2),
            Histogram = new SortedDictionary<int, int>(words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count())),
        };
    }
}
