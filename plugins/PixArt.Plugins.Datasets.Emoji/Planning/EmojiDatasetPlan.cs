namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>What a build will write, decided from the metadata alone.</summary>
/// <param name="Classes">Classes by index.</param>
/// <param name="Images">Images in dataset order (emoji order, base before tones, Twemoji before Noto).</param>
/// <param name="SkippedMissingImage">Per style id: emoji variants left out because that style has no image for them.</param>
/// <param name="ExcludedRecords">Metadata records left out by category (<see cref="EmojiClassIndex.ExcludedCategories"/>).</param>
public sealed record EmojiDatasetPlan(
    IReadOnlyList<EmojiClass> Classes,
    IReadOnlyList<PlannedImage> Images,
    IReadOnlyDictionary<string, int> SkippedMissingImage,
    int ExcludedRecords);
