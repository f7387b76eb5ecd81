using PixArt.Plugins.Datasets.Emoji.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Images;

public sealed class EmojiImagesTests
{
    [Fact]
    public void TransparentBecomesWhiteOpaqueKeepsItsColourHalfAlphaBlends()
    {
        using var source = new Image<Rgba32>(3, 1);
        source[0, 0] = new Rgba32(200, 10, 30, 0);       // fully transparent, whatever its colour
        source[1, 0] = new Rgba32(10, 20, 30, 255);      // opaque
        source[2, 0] = new Rgba32(0, 100, 255, 128);     // half: c·a/255 + 255·(255−a)/255
        using var result = EmojiImages.CompositeOnWhite(source);
        Assert.Equal(new Rgb24(255, 255, 255), result[0, 0]);
        Assert.Equal(new Rgb24(10, 20, 30), result[1, 0]);
        Assert.Equal(new Rgb24(127, 177, 255), result[2, 0]);
    }

    [Fact]
    public void CoverageIsTheMeanAlpha()
    {
        using var image = new Image<Rgba32>(2, 2);
        image[0, 0] = new Rgba32(0, 0, 0, 255);
        image[1, 0] = new Rgba32(0, 0, 0, 255);
        Assert.Equal(0.5, EmojiImages.Coverage(image), 10);
    }

    [Fact]
    public void EncodesAnRgbPngThatRoundTripsExactly()
    {
        var dir = TestSupport.TempFolder();
        var path = Path.Combine(dir, "disc.png");
        TestSupport.WriteDisc(path, 64, 3);
        using var source = EmojiImages.LoadSource(path, 64);
        using var rgb = EmojiImages.CompositeOnWhite(source);
        var bytes = EmojiImages.EncodePng(rgb);
        Assert.Equal(bytes, EmojiImages.EncodePng(rgb));   // deterministic
        var info = Image.Identify(bytes);
        Assert.Equal(PngColorType.Rgb, info.Metadata.GetPngMetadata().ColorType);
        using var back = Image.Load<Rgb24>(bytes);
        Assert.Equal(new Rgb24(255, 255, 255), back[0, 0]);
        Assert.Equal(rgb[32, 32], back[32, 32]);
        Assert.NotEqual(new Rgb24(255, 255, 255), back[32, 32]);
    }

    [Fact]
    public void PaletteSourcesWithTransparencyLoad()
    {
        // Twemoji's PNGs are palette images with a tRNS chunk.
        var path = Path.Combine(TestSupport.TempFolder(), "palette.png");
        using (var image = new Image<Rgba32>(64, 64))
        {
            image[10, 10] = new Rgba32(255, 0, 0, 255);
            image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Palette });
        }
        using var loaded = EmojiImages.LoadSource(path, 64);
        using var rgb = EmojiImages.CompositeOnWhite(loaded);
        Assert.Equal(new Rgb24(255, 0, 0), rgb[10, 10]);
        Assert.Equal(new Rgb24(255, 255, 255), rgb[0, 0]);
    }

    [Fact]
    public void WrongSizeNonPngTooLargeAndMissingFilesAreRejectedByName()
    {
        var dir = TestSupport.TempFolder();
        var small = Path.Combine(dir, "small.png");
        TestSupport.WriteDisc(small, 32, 0);
        Assert.Contains("32x32 pixels, expected 64x64", Assert.Throws<EmojiDataException>(() => EmojiImages.LoadSource(small, 64)).Message);

        var text = Path.Combine(dir, "text.png");
        File.WriteAllText(text, "not an image");
        Assert.StartsWith(text, Assert.Throws<EmojiDataException>(() => EmojiImages.LoadSource(text, 64)).Message);

        var big = Path.Combine(dir, "big.png");
        File.WriteAllBytes(big, new byte[EmojiImages.MaxSourceBytes + 1]);
        Assert.Contains("more than", Assert.Throws<EmojiDataException>(() => EmojiImages.LoadSource(big, 64)).Message);

        Assert.Contains("not found", Assert.Throws<EmojiDataException>(() => EmojiImages.LoadSource(Path.Combine(dir, "none.png"), 64)).Message);

        var truncated = Path.Combine(dir, "truncated.png");
        TestSupport.WriteDisc(truncated, 64, 1);
        var bytes = File.ReadAllBytes(truncated);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        Assert.StartsWith(truncated, Assert.Throws<EmojiDataException>(() => EmojiImages.LoadSource(truncated, 64)).Message);
    }
}
