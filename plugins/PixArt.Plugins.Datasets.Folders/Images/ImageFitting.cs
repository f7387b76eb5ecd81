using PixArt.Abstractions.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace PixArt.Plugins.Datasets.Folders.Images;

/// <summary>
/// The two fits of reference 7.5 with the reference's integer arithmetic. Single-scale (torchvision
/// <c>Resize(size)</c> + <c>CenterCrop</c>): the shorter side becomes the target side, the longer
/// <c>int(size·long/short)</c>, bilinear. Multi-scale (PixArt <c>InternalDataMS</c>): scale by <c>max(h/H0, w/W0)</c>,
/// the other side <c>int(…)</c>, bicubic. Both crop the centre with torchvision's offsets
/// (<c>round((H − h)/2)</c>, half to even).
/// </summary>
internal static class ImageFitting
{
    /// <summary>The plan for fitting a <paramref name="sourceHeight"/> × <paramref name="sourceWidth"/> image to <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <remarks>
    /// A non-square single-scale target (the reference only uses square ones) resizes the shorter side to the larger of
    /// the two target sides, so the image still covers the target.
    /// </remarks>
    public static FitPlan Plan(int sourceHeight, int sourceWidth, int height, int width, ImageFit fit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        long scaledHeight, scaledWidth;
        switch (fit)
        {
            case ImageFit.ShortSideAndCenterCrop:
            {
                long size = Math.Max(height, width);
                if (sourceWidth <= sourceHeight) (scaledWidth, scaledHeight) = (size, size * sourceHeight / sourceWidth);
                else (scaledHeight, scaledWidth) = (size, size * sourceWidth / sourceHeight);
                break;
            }
            case ImageFit.CoverAndCenterCrop:
                // h/H0 > w/W0, compared exactly.
                if ((long)height * sourceWidth > (long)width * sourceHeight) (scaledHeight, scaledWidth) = (height, (long)sourceWidth * height / sourceHeight);
                else (scaledWidth, scaledHeight) = (width, (long)sourceHeight * width / sourceWidth);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fit), fit, $"allowed: {string.Join(", ", Enum.GetNames<ImageFit>())}");
        }
        return new FitPlan(scaledHeight, scaledWidth, CenterOffset(scaledHeight, height), CenterOffset(scaledWidth, width), height, width,
            Bicubic: fit == ImageFit.CoverAndCenterCrop);
    }

    /// <summary>Applies <paramref name="plan"/> to <paramref name="image"/> (whose size the plan was made for) in place.</summary>
    /// <remarks>
    /// The scale and the crop are one ImageSharp resize into the crop window (<see cref="ResizeMode.Manual"/> with the
    /// scaled image's rectangle offset by the crop), so only the kept pixels are computed and allocated; the weights
    /// are those of scaling the whole image.
    /// </remarks>
    public static void Apply(Image<Rgba32> image, FitPlan plan)
    {
        var window = new Rectangle(plan.Left, plan.Top, plan.Width, plan.Height);
        if (plan.ScaledHeight == image.Height && plan.ScaledWidth == image.Width)
        {
            if (window != new Rectangle(0, 0, image.Width, image.Height)) image.Mutate(x => x.Crop(window));
            return;
        }
        image.Mutate(x => x.Resize(new ResizeOptions
        {
            Size = new Size(plan.Width, plan.Height),
            Mode = ResizeMode.Manual,
            TargetRectangle = new Rectangle(-plan.Left, -plan.Top, checked((int)plan.ScaledWidth), checked((int)plan.ScaledHeight)),
            Sampler = plan.Bicubic ? KnownResamplers.Bicubic : KnownResamplers.Triangle,
        }));
    }

    // torchvision CenterCrop: int(round((size - crop) / 2.0)), Python's round (half to even).
    private static int CenterOffset(long scaled, int crop) => (int)Math.Round((scaled - crop) / 2.0, MidpointRounding.ToEven);
}
