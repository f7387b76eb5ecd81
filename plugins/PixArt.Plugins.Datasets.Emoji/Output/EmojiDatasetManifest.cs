using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>
/// <c>dataset.json</c>: what the dataset is, where it came from, with which settings, how many images of each kind, and
/// checksums. It has no timestamp, so building twice from the same packages gives byte-identical files.
/// </summary>
public sealed class EmojiDatasetManifest
{
    /// <summary>Format name.</summary>
    public const string FormatName = "pixart-emoji-dataset";

    /// <summary>Format version: changes when the folder layout, a field, the split rule or the caption rule changes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Serializer settings of the file (snake_case, indented).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary><see cref="CurrentFormatVersion"/>.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>What wrote the folder.</summary>
    public BuilderInfo Builder { get; init; } = new();

    /// <summary>The npm packages the images and metadata come from.</summary>
    public IReadOnlyList<EmojiSourceInfo> Sources { get; init; } = Array.Empty<EmojiSourceInfo>();

    /// <summary>Pixel format of every image.</summary>
    public ImageInfo Images { get; init; } = new();

    /// <summary>Choices that shaped the content.</summary>
    public SettingsInfo Settings { get; init; } = new();

    /// <summary>Counts.</summary>
    public CountsInfo Counts { get; init; } = new();

    /// <summary>Caption lengths in words (commas not counted).</summary>
    public CaptionStats CaptionWords { get; init; } = new();

    /// <summary>Checksums.</summary>
    public FilesInfo Files { get; init; } = new();

    /// <summary>Set when the folder is a subset of another dataset (the CI fixture).</summary>
    public SubsetInfo? SubsetOf { get; init; }

    /// <summary>Reads <c>dataset.json</c>.</summary>
    /// <exception cref="InvalidDataException">Missing, unreadable, or not this format.</exception>
    public static EmojiDatasetManifest Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found");
        EmojiDatasetManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<EmojiDatasetManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
        if (manifest is null || manifest.Format != FormatName)
            throw new InvalidDataException($"{path}: not a {FormatName} manifest");
        if (manifest.FormatVersion != CurrentFormatVersion)
            throw new InvalidDataException($"{path}: format version {manifest.FormatVersion}, this builder reads version {CurrentFormatVersion}");
        return manifest;
    }

    /// <summary>The manifest as the text of <c>dataset.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + "\n";

    /// <summary>Builder name and version.</summary>
    public sealed class BuilderInfo
    {
        /// <summary>Assembly that wrote the folder.</summary>
        public string Name { get; init; } = "PixArt.Plugins.Datasets.Emoji";

        /// <summary>Its version.</summary>
        public string Version { get; init; } = EmojiDatasetBuilder.Version;
    }

    /// <summary>Image format.</summary>
    public sealed class ImageInfo
    {
        /// <summary>Width in pixels.</summary>
        public int Width { get; init; } = 64;

        /// <summary>Height in pixels.</summary>
        public int Height { get; init; } = 64;

        /// <summary>Channels: <c>RGB</c>, 8 bits each.</summary>
        public string Mode { get; init; } = "RGB";

        /// <summary>What the source's transparent pixels were composited onto.</summary>
        public string Background { get; init; } = "#FFFFFF";
    }

    /// <summary>Settings that shaped the content.</summary>
    public sealed class SettingsInfo
    {
        /// <summary>Skin-tone selection (<see cref="Planning.SkinToneSelection"/>), kebab-case.</summary>
        public string SkinTones { get; init; } = "";

        /// <summary>Held-out fraction of emoji groups.</summary>
        public double EvalFraction { get; init; }

        /// <summary>Salt of the split hash.</summary>
        public string SplitSalt { get; init; } = Planning.EmojiSplit.Salt;

        /// <summary>Word budget of a caption.</summary>
        public int MaxCaptionWords { get; init; } = Planning.EmojiCaptions.MaxWords;

        /// <summary>Categories never in the aesthetic subset.</summary>
        public IReadOnlyList<string> AestheticExcludedCategories { get; init; } = Planning.AestheticRule.ExcludedCategories.Order(StringComparer.Ordinal).ToList();

        /// <summary>Minimum coverage of every style's image for the aesthetic subset.</summary>
        public double AestheticMinCoverage { get; init; } = Planning.AestheticRule.MinCoverage;

        /// <summary>Categories left out of the dataset.</summary>
        public IReadOnlyList<string> ExcludedCategories { get; init; } = Planning.EmojiClassIndex.ExcludedCategories.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Counts.</summary>
    public sealed class CountsInfo
    {
        /// <summary>Images (lines of <c>captions.jsonl</c>).</summary>
        public int Images { get; init; }

        /// <summary>Distinct base emoji.</summary>
        public int Emoji { get; init; }

        /// <summary>Distinct emoji variants (base + skin tones), each in one or two styles.</summary>
        public int Variants { get; init; }

        /// <summary>Distinct split groups.</summary>
        public int Groups { get; init; }

        /// <summary>Classes.</summary>
        public int Classes { get; init; }

        /// <summary>Images per split.</summary>
        public SortedDictionary<string, int> BySplit { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Images per style.</summary>
        public SortedDictionary<string, int> ByStyle { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Images per split, then style.</summary>
        public SortedDictionary<string, SortedDictionary<string, int>> BySplitAndStyle { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Base emoji (not images) per split.</summary>
        public SortedDictionary<string, int> EmojiBySplit { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Aesthetic-subset images per split.</summary>
        public SortedDictionary<string, int> AestheticBySplit { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Images of a skin-tone variant.</summary>
        public int SkinToneImages { get; init; }

        /// <summary>Per style: emoji variants left out because the style has no image of them.</summary>
        public SortedDictionary<string, int> SkippedMissingImage { get; init; } = new(StringComparer.Ordinal);

        /// <summary>Metadata records left out by category.</summary>
        public int ExcludedRecords { get; init; }

        /// <summary>Images per class and split.</summary>
        public IReadOnlyList<ClassCount> ByClass { get; init; } = Array.Empty<ClassCount>();
    }

    /// <summary>Images of one class per split.</summary>
    /// <param name="Class">Class index.</param>
    /// <param name="Name">Subcategory.</param>
    /// <param name="Train">Training images.</param>
    /// <param name="Eval">Held-out images.</param>
    public sealed record ClassCount(int Class, string Name, int Train, int Eval);

    /// <summary>Caption length statistics in words.</summary>
    public sealed class CaptionStats
    {
        /// <summary>Shortest.</summary>
        public int Min { get; init; }

        /// <summary>Longest.</summary>
        public int Max { get; init; }

        /// <summary>Mean, 2 decimals.</summary>
        public double Mean { get; init; }

        /// <summary>Images per caption length (key: words).</summary>
        public SortedDictionary<int, int> Histogram { get; init; } = new();
    }

    /// <summary>Checksums.</summary>
    public sealed class FilesInfo
    {
        /// <summary>SHA-256 (hex) of <c>captions.jsonl</c>.</summary>
        public string CaptionsSha256 { get; init; } = "";

        /// <summary>Lines of <c>captions.jsonl</c>.</summary>
        public int CaptionsLines { get; init; }

        /// <summary>SHA-256 of the text "<c>&lt;sha256 of the file&gt;  &lt;relative path&gt;\n</c>" over all images, sorted by path.</summary>
        public string ImagesSha256 { get; init; } = "";
    }

    /// <summary>Where a subset came from.</summary>
    public sealed class SubsetInfo
    {
        /// <summary><c>captions_sha256</c> of the source dataset.</summary>
        public string SourceCaptionsSha256 { get; init; } = "";

        /// <summary>The subcategories kept.</summary>
        public IReadOnlyList<string> Classes { get; init; } = Array.Empty<string>();

        /// <summary>Base emoji kept per class.</summary>
        public int EmojiPerClass { get; init; }
    }
}
