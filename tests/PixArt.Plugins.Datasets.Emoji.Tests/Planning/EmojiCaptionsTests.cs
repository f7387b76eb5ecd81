using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Planning;

/// <summary>Dense captions built from metadata records given as emoji.json snippets.</summary>
public sealed class EmojiCaptionsTests
{
    private static string Caption(string recordJson, string style = "twemoji style", string? tone = null)
    {
        var r = EmojiMetadata.Parse($"[{recordJson}]", "snippet")[0];
        return EmojiCaptions.Build(new EmojiCaptionParts(r.Name!, r.ShortNames!, r.Category, r.Subcategory, style, tone));
    }

    [Fact]
    public void NameFirstThenStyleShortNamesSubcategoryCategory() =>
        Assert.Equal("grinning cat face with smiling eyes, twemoji style, smile cat, cat face, smileys and emotion",
            Caption("""{"name": "GRINNING CAT FACE WITH SMILING EYES", "unified": "1F638", "image": "1f638.png", "short_names": ["smile_cat"], "category": "Smileys & Emotion", "subcategory": "cat-face"}"""));

    [Fact]
    public void SkinToneFollowsTheName() =>
        Assert.Equal("waving hand sign, medium dark skin tone, noto style, wave, hand fingers open, people and body",
            Caption("""{"name": "WAVING HAND SIGN", "unified": "1F44B", "image": "1f44b.png", "short_names": ["wave"], "category": "People & Body", "subcategory": "hand-fingers-open"}""",
                "noto style", "medium dark skin tone"));

    [Fact]
    public void ShortNamesThatRepeatTheNameAreDropped() =>
        Assert.Equal("grinning face, twemoji style, face smiling, smileys and emotion",
            Caption("""{"name": "GRINNING FACE", "unified": "1F600", "image": "1f600.png", "short_names": ["grinning", "grinning_face"], "category": "Smileys & Emotion", "subcategory": "face-smiling"}"""));

    [Fact]
    public void FlagNamesLoseDiacriticsAndPunctuationAndRegionCodes() =>
        Assert.Equal("cote d ivoire flag, noto style, country flag, flags",
            Caption("""{"name": "Côte d’Ivoire Flag", "unified": "1F1E8-1F1EE", "image": "1f1e8-1f1ee.png", "short_names": ["flag-ci"], "category": "Flags", "subcategory": "country-flag"}""", "noto style"));

    [Theory]
    [InlineData("KEYCAP: *", "keycap asterisk")]
    [InlineData("FAMILY: MAN, BOY, BOY", "family man boy boy")]
    [InlineData("Antigua & Barbuda Flag", "antigua and barbuda flag")]
    [InlineData("U.S. Virgin Islands Flag", "us virgin islands flag")]
    [InlineData("Cocos (Keeling) Islands Flag", "cocos keeling islands flag")]
    [InlineData("SMILING FACE WITH OPEN MOUTH AND TIGHTLY-CLOSED EYES", "smiling face with open mouth and tightly closed eyes")]
    [InlineData("Åland Islands Flag", "aland islands flag")]
    public void NamesAreCleaned(string raw, string expected) => Assert.Equal(expected, EmojiCaptions.CleanName(raw));

    [Fact]
    public void SpecialShortNamesBecomeWordsAndCodesAreDropped()
    {
        Assert.Equal(new[] { "plus one", "thumbsup" }, EmojiCaptions.CleanShortNames(new[] { "+1", "thumbsup" }, "thumbs up sign", "hand-fingers-closed"));
        Assert.Empty(EmojiCaptions.CleanShortNames(new[] { "u7121" }, "squared cjk unified ideograph 7121", "alphanum"));
        Assert.Empty(EmojiCaptions.CleanShortNames(new[] { "gb", "uk", "flag-gb" }, "united kingdom flag", "country-flag"));
        Assert.Equal(2, EmojiCaptions.CleanShortNames(new[] { "hankey", "poop", "shit" }, "pile of poo", "face-costume").Count());
    }

    [Fact]
    public void OverBudgetCaptionsDropShortNamesFirstThenCategoryNeverNameOrStyle()
    {
        var caption = Caption("""{"name": "CLOCKWISE RIGHTWARDS AND LEFTWARDS OPEN CIRCLE ARROWS WITH CIRCLED ONE OVERLAY", "unified": "1F502", "image": "1f502.png", "short_names": ["repeat_one"], "category": "Symbols", "subcategory": "av-symbol"}""");
        Assert.Equal("clockwise rightwards and leftwards open circle arrows with circled one overlay, twemoji style, audio video symbol, symbols", caption);

        var longer = Caption("""{"name": "CLOCKWISE RIGHTWARDS AND LEFTWARDS OPEN CIRCLE ARROWS WITH CIRCLED ONE OVERLAY", "unified": "1F502", "image": "1f502.png", "short_names": ["repeat_one"], "category": "Symbols", "subcategory": "av-symbol"}""",
            tone: "medium dark skin tone");
        Assert.StartsWith("clockwise rightwards and leftwards open circle arrows with circled one overlay, medium dark skin tone, twemoji style", longer);
        Assert.DoesNotContain("symbols", longer.Split(", ").Skip(3));
        Assert.True(EmojiCaptions.WordCount(longer) <= EmojiCaptions.MaxWords);
    }

    [Fact]
    public void EveryCaptionOfTheTestMetadataIsWithinBudgetAndStartsWithItsName()
    {
        foreach (var r in TestSupport.Records())
        foreach (var style in new[] { "twemoji style", "noto style" })
        {
            var caption = EmojiCaptions.Build(new EmojiCaptionParts(r.Name!, r.ShortNames!, r.Category, r.Subcategory, style, "medium light skin tone"));
            Assert.True(EmojiCaptions.WordCount(caption) <= EmojiCaptions.MaxWords, caption);
            Assert.StartsWith(EmojiCaptions.CleanName(r.Name!) + ", ", caption);
            Assert.Contains(", " + style, caption);
        }
    }

    [Fact]
    public void WordCountIgnoresCommas() => Assert.Equal(5, EmojiCaptions.WordCount("cat face, twemoji style, smile"));
}
