using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Planning;

public sealed class EmojiClassIndexTests
{
    [Fact]
    public void ClassesFollowUnicodeOrderAndSkipComponents()
    {
        var classes = EmojiClassIndex.Build(TestSupport.Records());
        Assert.Equal(new[] { "face-smiling", "cat-face", "hand-fingers-open", "person-role", "person-fantasy", "keycap", "country-flag" },
            classes.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(0, classes.Count), classes.Select(c => c.Index));
        Assert.Equal(new EmojiClass(1, "cat-face", "Smileys & Emotion", "cat face"), classes[1]);
        Assert.DoesNotContain(classes, c => c.Category == "Component");
    }

    [Fact]
    public void IndicesDoNotDependOnRecordOrder()
    {
        var records = TestSupport.Records();
        var expected = EmojiClassIndex.Build(records);
        var random = new Random(7);
        for (var i = 0; i < 5; i++)
            Assert.Equal(expected, EmojiClassIndex.Build(records.OrderBy(_ => random.Next()).ToList()));
    }

    [Fact]
    public void ASubcategoryUnderTwoCategoriesIsRejected()
    {
        var records = EmojiMetadata.Parse("""
            [{"name": "A", "unified": "1F600", "image": "1f600.png", "category": "Smileys & Emotion", "subcategory": "x", "sort_order": 1},
             {"name": "B", "unified": "1F601", "image": "1f601.png", "category": "Objects", "subcategory": "x", "sort_order": 2}]
            """, "snippet");
        var e = Assert.Throws<EmojiDataException>(() => EmojiClassIndex.Build(records));
        Assert.Contains("'x'", e.Message);
    }
}
