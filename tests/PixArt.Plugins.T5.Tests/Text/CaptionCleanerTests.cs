using PixArt.Plugins.T5.Text;

namespace PixArt.Plugins.T5.Tests.Text;

/// <summary>Examples of the DeepFloyd-IF cleaning rules (reference section 5.4), applied twice as PixArt does.</summary>
public sealed class CaptionCleanerTests
{
    [Theory]
    [InlineData("A <b>Red</b> Cat", "a red cat")]
    [InlineData("Photo by @john_doe at https://example.com/img", "photo by at")]
    [InlineData("this-is-my-cute-cat", "this is my cute cat")]
    [InlineData("a-b", "a-b")]
    [InlineData("Café &amp; Bar", "café bar")]
    [InlineData("IMG_1234.jpg a dog on the beach", "a dog on the beach")]
    [InlineData("'quoted caption'", "quoted caption")]
    [InlineData("<person> riding a horse", "person riding a horse")]
    [InlineData("Product jc6640 in stock", "product in stock")]
    [InlineData("page 3 of the book", "of the book")]
    [InlineData("a cat 猫 on the mat", "a cat on the mat")]
    [InlineData("hello%20world", "hello world")]
    [InlineData("“Smart” quotes — and dashes", "\"smart\" quotes - and dashes")]
    [InlineData("poster 1024x768 free shipping", "poster")]
    // Lower-casing runs first and "©" is a stray symbol, so this mojibake is not repaired (as in Python).
    [InlineData("cafÃ© au lait", "cafã au lait")]
    [InlineData("ﬁne ＣＡＴ", "fine cat")]
    [InlineData("***SALE*** (today)", "sale today")]
    [InlineData("server at 192.168.0.1 room", "server at room")]
    [InlineData("wait...   what", "wait what")]
    public void CleansLikeDeepFloydIf(string input, string expected) =>
        Assert.Equal(expected, CaptionCleaner.Preprocess(input, clean: true));

    [Fact]
    public void WithoutCleaningOnlyLowerCasesAndTrims() =>
        Assert.Equal("a red <b>cat</b> @x https://example.com", CaptionCleaner.Preprocess("  A Red <b>CAT</b> @x https://example.com \t", clean: false));
}
