using PixArt.Abstractions.Data;
using PixArt.Plugins.Datasets.Folders.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The two fits of reference 7.5: sizes, offsets, where the centre lands, the value range, transparency.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ImageFittingTests
{
    [Theory]
    // source h, w → target h, w: scaled h, w, top, left
    [InlineData(20, 40, 16, 16, ImageFit.ShortSideAndCenterCrop, 16, 32, 0, 8)]
    [InlineData(20, 40, 16, 16, ImageFit.CoverAndCenterCrop, 16, 32, 0, 8)]
    [InlineData(100, 30, 64, 64, ImageFit.ShortSideAndCenterCrop, 213, 64, 74, 0)]   // int(64·100/30) = 213; round(74.5) = 74 (half to even)
    [InlineData(100, 30, 64, 64, ImageFit.CoverAndCenterCrop, 213, 64, 74, 0)]
    [InlineData(30, 181, 30, 30, ImageFit.ShortSideAndCenterCrop, 30, 181, 0, 76)]   // no scaling; round(75.5) = 76
    [InlineData(1000, 1500, 832, 1216, ImageFit.CoverAndCenterCrop, 832, 1248, 0, 16)]   // a 1024 bucket: h/H0 0.832 > w/W0 0.811
    [InlineData(1000, 1500, 1216, 832, ImageFit.CoverAndCenterCrop, 1216, 1824, 0, 496)]
    [InlineData(64, 64, 32, 48, ImageFit.ShortSideAndCenterCrop, 48, 48, 8, 0)]      // non-square: the longer target side
    [InlineData(64, 64, 32, 48, ImageFit.CoverAndCenterCrop, 48, 48, 8, 0)]
    public void PlansFollowTheReferenceArithmetic(int sourceHeight, int sourceWidth, int height, int width, ImageFit fit,
        long scaledHeight, long scaledWidth, int top, int left)
    {
        var plan = ImageFitting.Plan(sourceHeight, sourceWidth, height, width, fit);
        Assert.Equal((scaledHeight, scaledWidth, top, left, height, width), (plan.ScaledHeight, plan.ScaledWidth, plan.Top, plan.Left, plan.Height, plan.Width));
        Assert.Equal(fit == ImageFit.CoverAndCenterCrop, plan.Bicubic);
    }

    [Theory]
    [InlineData(ImageFit.ShortSideAndCenterCrop)]
    [InlineData(ImageFit.CoverAndCenterCrop)]
    public void AWideImageIsScaledAndItsCentreKept(ImageFit fit)
    {
        // 40×20: white, with a black 8×8 square in the middle (x 16..23, y 6..13), a red band at the left edge
        // (x 0..5) and a blue band at the right (x 34..39). Scaled to 32×16 and cropped to columns 8..23, the square
        // covers output x/y ≈ 4.8..11.2 and the bands (source x < 9.4 and > 30.6) are cropped away.
        var folder = TestImages.TempFolder();
        using (var image = TestImages.Make(40, 20, (x, y) =>
                   x is >= 16 and <= 23 && y is >= 6 and <= 13 ? new Rgba32(0, 0, 0, 255)
                   : x <= 5 ? new Rgba32(255, 0, 0, 255)
                   : x >= 34 ? new Rgba32(0, 0, 255, 255)
                   : new Rgba32(255, 255, 255, 255)))
            TestImages.WritePng(folder, "wide.png", image);
        TestImages.WriteCaptions(folder, new { file = "wide.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });

        using var sample = data.Load(0, 16, 16, fit);
        Assert.Equal(new long[] { 3, 16, 16 }, sample.Image.shape);
        for (var c = 0; c < 3; c++)
        {
            foreach (var (y, x) in new[] { (7, 7), (7, 8), (8, 7), (8, 8), (6, 6), (9, 9) }) Assert.Equal(-1f, TestImages.At(sample, c, y, x), 0.02f);
            foreach (var (y, x) in new[] { (0, 0), (0, 15), (15, 0), (15, 15), (8, 0), (8, 15), (0, 8), (15, 8) }) Assert.Equal(1f, TestImages.At(sample, c, y, x), 0.02f);
        }
        Assert.True(sample.Image.min().item<float>() >= -1f && sample.Image.max().item<float>() <= 1f);
        // No trace of the edge bands: wherever red or blue is high, the other channels are as high (grey or white).
        Assert.True((sample.Image[0] - sample.Image[1]).abs().max().item<float>() < 0.02f);
        Assert.True((sample.Image[2] - sample.Image[1]).abs().max().item<float>() < 0.02f);
    }

    [Fact]
    public void TransparentPixelsBecomeWhite()
    {
        var folder = TestImages.TempFolder();
        using (var image = TestImages.Make(4, 2, (x, y) => y == 0 ? new Rgba32(0, 0, 0, 0) : new Rgba32(255, 0, 0, 128)))
            TestImages.WritePng(folder, "alpha.png", image);
        TestImages.WriteCaptions(folder, new { file = "alpha.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });
        using var sample = data.Load(0, 2, 4, ImageFit.CoverAndCenterCrop);   // same size: no resampling
        for (var c = 0; c < 3; c++) Assert.Equal(1f, TestImages.At(sample, c, 0, 1));
        // red at alpha 128 over white: (255·128 + 255·127)/255 = 255, (0 + 255·127)/255 = 127
        Assert.Equal(1f, TestImages.At(sample, 0, 1, 2));
        Assert.Equal(PixelTensor.Normalize(127), TestImages.At(sample, 1, 1, 2));
        Assert.Equal(PixelTensor.Normalize(127), TestImages.At(sample, 2, 1, 2));
    }

    [Theory]
    [InlineData(ImageFit.ShortSideAndCenterCrop, 23, 17)]
    [InlineData(ImageFit.CoverAndCenterCrop, 23, 17)]
    [InlineData(ImageFit.CoverAndCenterCrop, 90, 40)]
    [InlineData(ImageFit.ShortSideAndCenterCrop, 200, 200)]
    public void ScalingIntoTheCropWindowEqualsScalingThenCropping(ImageFit fit, int height, int width)
    {
        using var source = TestImages.Noise(61, 47, seed: 11);
        var plan = ImageFitting.Plan(source.Height, source.Width, height, width, fit);
        using var direct = source.Clone();
        ImageFitting.Apply(direct, plan);
        using var twoSteps = source.Clone(x => x
            .Resize(new ResizeOptions { Size = new Size((int)plan.ScaledWidth, (int)plan.ScaledHeight), Mode = ResizeMode.Stretch, Sampler = plan.Bicubic ? KnownResamplers.Bicubic : KnownResamplers.Triangle })
            .Crop(new Rectangle(plan.Left, plan.Top, width, height)));
        Assert.Equal((width, height), (direct.Width, direct.Height));
        var worst = 0;
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var (a, b) = (direct[x, y], twoSteps[x, y]);
            worst = Math.Max(worst, Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B))));
        }
        Assert.True(worst <= 1, $"largest difference {worst}/255");
    }
}
