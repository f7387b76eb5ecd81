using PixArt.Abstractions.Data;
using PixArt.Plugins.Datasets.Folders.Images;
using SixLabors.ImageSharp;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>Unusable files are refused from their headers when the data set opens; damage past the header fails at Load.</summary>
[Collection(FoldersCollection.Name)]
public sealed class DamagedFilesTests
{
    [Fact]
    public void OpeningSkipsDamagedFilesWithReasonsAndTheRestLoad()
    {
        var folder = TestImages.TempFolder();
        var good = TestImages.WritePng(folder, "good.png", 24, 16, seed: 1);
        TestImages.WriteJpeg(folder, "good.jpg", 20, 20, seed: 2);
        var corrupt = File.ReadAllBytes(good);
        corrupt[20] ^= 0x55;                                                     // IHDR height changed, CRC no longer matches
        TestImages.WriteBytes(folder, "corrupt.png", corrupt);
        TestImages.WriteBytes(folder, "truncated.png", File.ReadAllBytes(good)[..20]);   // cut inside the IHDR chunk
        TestImages.WriteBytes(folder, "empty.png", Array.Empty<byte>());
        File.WriteAllText(Path.Combine(folder, "text.png"), "this is a text file, not a picture\n");
        TestImages.WriteBytes(folder, "huge.png", TestImages.PngClaiming(100_000, 100_000));
        TestImages.WriteCaptions(folder,
            new { file = "good.png", caption = "one" }, new { file = "corrupt.png" }, new { file = "truncated.png" }, new { file = "empty.png" },
            new { file = "text.png" }, new { file = "huge.png" }, new { file = "gone.png" }, new { file = "good.jpg", caption = "two" });

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - allocated < 64L << 20, "opening allocated more than 64 MB");

        Assert.Equal(2, data.Count);
        var reasons = data.Skipped.ToDictionary(p => p.Key, p => p.Reason);
        Assert.Equal(new[] { "corrupt.png", "empty.png", "gone.png", "huge.png", "text.png", "truncated.png" }, reasons.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("unreadable image header (", reasons["corrupt.png"]);
        Assert.StartsWith("unreadable image header (", reasons["truncated.png"]);
        Assert.Equal("empty file (0 bytes)", reasons["empty.png"]);
        Assert.StartsWith("not an image in a supported format (", reasons["text.png"]);
        Assert.Contains("png", reasons["text.png"]);
        Assert.Equal("100000x100000 pixels: a side exceeds MaxImageSide 4096", reasons["huge.png"]);
        Assert.Equal("file not found", reasons["gone.png"]);

        foreach (var i in new[] { 0, 1 })
        {
            using var sample = data.Load(i, 8, 8, ImageFit.CoverAndCenterCrop);
            Assert.Equal(new long[] { 3, 8, 8 }, sample.Image.shape);
        }
        Assert.Equal(("good.png", "one"), (data.Item(0).Key, data.Item(0).Caption));
        Assert.Equal(("good.jpg", "two"), (data.Item(1).Key, data.Item(1).Caption));
    }

    [Fact]
    public void PixelLimitRefusesImagesFromTheirHeader()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "small.png", 20, 20);
        TestImages.WritePng(folder, "large.png", 40, 40);
        TestImages.WriteCaptions(folder, new { file = "small.png" }, new { file = "large.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, MaxImagePixels = 1000, MaxImageSide = 64 });
        Assert.Equal(1, data.Count);
        Assert.Equal(new DatasetProblem("large.png", "40x40 pixels: more than MaxImagePixels 1000"), Assert.Single(data.Skipped));
    }

    [Fact]
    public void HugeHeaderIsNeverDecoded()
    {
        var folder = TestImages.TempFolder();
        var path = TestImages.WriteBytes(folder, "huge.png", TestImages.PngClaiming(100_000, 100_000));
        var reader = new ImageReader(new ImageLimits(4096, 16 << 20));
        Assert.Equal("100000x100000 pixels: a side exceeds MaxImageSide 4096", reader.ReadHeader(path).Problem);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<InvalidDataException>(() => reader.Decode(path, "huge.png"));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - allocated < 16L << 20);
        Assert.Equal($"huge.png ({path}): cannot be decoded: 100000x100000 pixels: a side exceeds MaxImageSide 4096", e.Message);
    }

    [Theory]
    [InlineData("cut.png", 0.6)]
    [InlineData("cut.jpg", 0.6)]
    [InlineData("cut.webp", 0.6)]
    public void TruncatedFileWithAGoodHeaderFailsAtLoadNamingIt(string name, double keep)
    {
        var folder = TestImages.TempFolder();
        var whole = Path.Combine(TestImages.TempFolder(), name);
        using (var image = TestImages.Noise(48, 32, seed: 5)) image.Save(whole);
        TestImages.WriteBytes(folder, name, TestImages.Truncated(whole, keep));
        TestImages.WritePng(folder, "fine.png", 8, 8);
        TestImages.WriteCaptions(folder, new { file = name }, new { file = "fine.png" });

        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });
        Assert.Empty(data.Skipped);                                   // the header is intact
        Assert.Equal((32, 48), (data.Item(0).Height, data.Item(0).Width));
        var e = Assert.Throws<InvalidDataException>(() => data.Load(0, 16, 16, ImageFit.ShortSideAndCenterCrop));
        Assert.StartsWith($"{name} ({Path.Combine(folder, name)}): cannot be decoded: truncated", e.Message);
        using var fine = data.Load(1, 8, 8, ImageFit.ShortSideAndCenterCrop);   // the data set stays usable
    }

    [Fact]
    public void CorruptImageDataFailsAtLoad()
    {
        var folder = TestImages.TempFolder();
        var whole = Path.Combine(TestImages.TempFolder(), "whole.jpg");
        using (var image = TestImages.Noise(64, 64, seed: 9)) image.Save(whole);
        var bytes = File.ReadAllBytes(whole);
        // Overwrite the middle of the scan with marker bytes that are not allowed there (0xFF 0xC0 = a second frame header).
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i += 2) (bytes[i], bytes[i + 1]) = ((byte)0xFF, (byte)0xC0);
        TestImages.WriteBytes(folder, "bad.jpg", bytes);
        TestImages.WriteCaptions(folder, new { file = "bad.jpg" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });
        var e = Assert.Throws<InvalidDataException>(() => data.Load(0, 16, 16, ImageFit.CoverAndCenterCrop));
        Assert.StartsWith("bad.jpg (", e.Message);
    }

    [Fact]
    public void LoadChecksTheLimitsAgain()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "a.png", 16, 16);
        TestImages.WriteCaptions(folder, new { file = "a.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, MaxImageSide = 100 });
        TestImages.WriteBytes(folder, "a.png", TestImages.PngClaiming(100_000, 10));   // replaced after opening
        var e = Assert.Throws<InvalidDataException>(() => data.Load(0, 8, 8, ImageFit.CoverAndCenterCrop));
        Assert.Contains("a side exceeds MaxImageSide 100", e.Message);
        File.Delete(Path.Combine(folder, "a.png"));
        Assert.Contains("file not found", Assert.Throws<InvalidDataException>(() => data.Load(0, 8, 8, ImageFit.CoverAndCenterCrop)).Message);
    }

    [Fact]
    public void AnExtremeScaleIsRefusedLikeAHugeImage()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "strip.png", 400, 1);
        TestImages.WriteCaptions(folder, new { file = "strip.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, MaxImagePixels = 100_000 });
        // 400×1 covering 256×256 would be scaled to 102400×256.
        var e = Assert.Throws<InvalidDataException>(() => data.Load(0, 256, 256, ImageFit.CoverAndCenterCrop));
        Assert.Contains("scales it to 102400x256, more than MaxImagePixels 100000", e.Message);
    }
}
