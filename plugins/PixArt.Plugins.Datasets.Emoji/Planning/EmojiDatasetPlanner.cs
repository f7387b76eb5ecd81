using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>Turns metadata records into the list of images with captions, classes and splits (no pixels involved).</summary>
public static class EmojiDatasetPlanner
{
    /// <summary>Image size of emoji-datasource's individual images.</summary>
    public const int ImageSize = 64;

    /// <summary>Plans the dataset.</summary>
    /// <exception cref="EmojiDataException">Two records (or variants) have the same code points.</exception>
    public static EmojiDatasetPlan Plan(IReadOnlyList<EmojiRecord> records, IReadOnlyList<EmojiStyle> styles,
        SkinToneSelection skinTones = SkinToneSelection.OneRotating, double evalFraction = EmojiSplit.DefaultEvalFraction)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(styles);
        var included = records.Where(EmojiClassIndex.IsIncluded)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Unified, StringComparer.Ordinal).ToList();
        var classes = EmojiClassIndex.Build(included);
        var classOf = classes.ToDictionary(c => c.Name, c => c.Index, StringComparer.Ordinal);
        var splitOf = EmojiSplit.Assign(included.Select(r => (EmojiSplit.GroupKey(r.Unified), classOf[r.Subcategory])), evalFraction);

        var images = new List<PlannedImage>();
        var skipped = styles.ToDictionary(s => s.Id, _ => 0, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rotation = 0;
        foreach (var r in included)
        {
            var variants = new List<(string Unified, string Image, string? ToneKey, Func<string, bool> HasImage)>
            {
                (r.Unified, r.Image, null, r.HasImage),
            };
            if (r.SkinVariations is { Count: > 0 } skin)
            {
                foreach (var key in SkinTones.Select(skin.Keys, skinTones, rotation))
                    variants.Add((skin[key].Unified, skin[key].Image, key, skin[key].HasImage));
                rotation++;
            }
            var group = EmojiSplit.GroupKey(r.Unified);
            foreach (var v in variants)
            {
                if (!seen.Add(v.Unified))
                    throw new EmojiDataException($"emoji metadata lists {v.Unified} twice; image file names would collide");
                var tone = v.ToneKey is null ? default : SkinTones.Describe(v.ToneKey);
                foreach (var style in styles)
                {
                    if (!v.HasImage(style.ImageSet))
                    {
                        skipped[style.Id]++;
                        continue;
                    }
                    var caption = EmojiCaptions.Build(new EmojiCaptionParts(r.Name!, r.ShortNames ?? new List<string>(), r.Category,
                        r.Subcategory, style.CaptionPhrase, tone.Words));
                    var record = new EmojiDatasetRecord(
                        File: $"images/{style.Id}/{v.Unified.ToLowerInvariant()}.png",
                        Caption: caption,
                        Class: classOf[r.Subcategory],
                        Split: splitOf[group],
                        Style: style.Id,
                        Name: EmojiCaptions.CleanName(r.Name!),
                        ShortNames: r.ShortNames ?? new List<string>(),
                        Category: r.Category,
                        Subcategory: r.Subcategory,
                        SkinTone: tone.Id,
                        Unified: v.Unified,
                        BaseUnified: r.Unified,
                        Group: group,
                        SortOrder: r.SortOrder,
                        Aesthetic: false,
                        Coverage: 0,
                        Width: ImageSize,
                        Height: ImageSize);
                    images.Add(new PlannedImage(style, v.Image, record));
                }
            }
        }
        return new EmojiDatasetPlan(classes, images, skipped, records.Count - included.Count);
    }
}
