using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Planning;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Planning;

public sealed class EmojiDatasetPlannerTests
{
    [Fact]
    public void PlansBaseEmojiPlusOneToneInBothStylesAndCountsMissingImages()
    {
        var plan = EmojiDatasetPlanner.Plan(TestSupport.Records(), EmojiStyles.All);
        // 12 included records + 1 tone of the waving hand = 13 variants × 2 styles, minus Noto's missing cook.
        Assert.Equal(25, plan.Images.Count);
        Assert.Equal(1, plan.SkippedMissingImage["noto"]);
        Assert.Equal(0, plan.SkippedMissingImage["twemoji"]);
        Assert.Equal(1, plan.ExcludedRecords);
        Assert.DoesNotContain(plan.Images, p => p.Record.Unified == "1F9D1-200D-1F373" && p.Style.Id == "noto");
        // The waving hand is the first emoji with tones: rotation 0 = light.
        var tone = plan.Images.Single(p => p.Record.SkinTone is not null && p.Style.Id == "twemoji");
        Assert.Equal(("1F44B-1F3FB", "light", "images/twemoji/1f44b-1f3fb.png", "1f44b-1f3fb.png"),
            (tone.Record.Unified, tone.Record.SkinTone, tone.Record.File, tone.SourceImage));
        Assert.Equal("waving hand sign, light skin tone, twemoji style, wave, hand fingers open, people and body", tone.Record.Caption);
    }

    [Fact]
    public void ImagesComeInEmojiOrderBaseBeforeTonesTwemojiBeforeNoto()
    {
        var plan = EmojiDatasetPlanner.Plan(TestSupport.Records(), EmojiStyles.All);
        Assert.Equal(new[] { "images/twemoji/1f600.png", "images/noto/1f600.png", "images/twemoji/1f603.png", "images/noto/1f603.png" },
            plan.Images.Take(4).Select(p => p.Record.File));
        var hand = plan.Images.Where(p => p.Record.BaseUnified == "1F44B").Select(p => p.Record.File).ToList();
        Assert.Equal(new[] { "images/twemoji/1f44b.png", "images/noto/1f44b.png", "images/twemoji/1f44b-1f3fb.png", "images/noto/1f44b-1f3fb.png" }, hand);
    }

    [Fact]
    public void RecordsCarryClassNameCategoryAndShortNames()
    {
        var plan = EmojiDatasetPlanner.Plan(TestSupport.Records(), EmojiStyles.All, SkinToneSelection.None);
        var cat = plan.Images.First(p => p.Record.Unified == "1F638").Record;
        Assert.Equal((1, "cat-face", "Smileys & Emotion", "grinning cat face with smiling eyes"), (cat.Class, cat.Subcategory, cat.Category, cat.Name));
        Assert.Equal(new[] { "smile_cat" }, cat.ShortNames);
        Assert.Null(cat.SkinTone);
        Assert.Equal((64, 64), (cat.Width, cat.Height));
        Assert.DoesNotContain(plan.Images, p => p.Record.SkinTone is not null);
    }

    [Fact]
    public void DuplicateCodePointsAreRejected()
    {
        var records = EmojiMetadata.Parse("""
            [{"name": "A", "unified": "1F600", "image": "1f600.png", "category": "Smileys & Emotion", "subcategory": "x", "sort_order": 1, "has_img_twitter": true},
             {"name": "B", "unified": "1F600", "image": "1f600.png", "category": "Smileys & Emotion", "subcategory": "x", "sort_order": 2, "has_img_twitter": true}]
            """, "snippet");
        Assert.Throws<EmojiDataException>(() => EmojiDatasetPlanner.Plan(records, EmojiStyles.All));
    }

    [Theory]
    [InlineData("""[{"unified": "1F600", "image": "1f600.png", "category": "c", "subcategory": "s"}]""", "has no name")]
    [InlineData("""[{"name": "A", "unified": "1F600", "image": "../../etc/passwd", "category": "c", "subcategory": "s"}]""", "unexpected image name")]
    [InlineData("""[{"name": "A", "unified": "1f600; rm", "image": "1f600.png", "category": "c", "subcategory": "s"}]""", "malformed 'unified'")]
    [InlineData("""{"not": "an array"}""", "not emoji-datasource metadata")]
    public void MalformedMetadataIsRejectedWithTheRecord(string json, string expected)
    {
        var e = Assert.Throws<EmojiDataException>(() => EmojiMetadata.Parse(json, "emoji.json"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("emoji.json: ", e.Message);
    }
}
