using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>Back from an aspect-ratio bucket to the requested size (diffusers' <c>resize_and_crop_tensor</c>).</summary>
public static class ImageResize
{
    /// <summary>Scales <paramref name="images"/> <c>[B, C, H, W]</c> (bilinear) to cover <paramref name="height"/> × <paramref name="width"/>, then crops the centre.</summary>
    public static Tensor CoverAndCrop(Tensor images, int height, int width)
    {
        using var scope = NewDisposeScope();
        var scale = Math.Max((double)height / images.shape[2], (double)width / images.shape[3]);
        var newHeight = (long)Math.Round(images.shape[2] * scale);
        var newWidth = (long)Math.Round(images.shape[3] * scale);
        var resized = nn.functional.interpolate(images, new[] { newHeight, newWidth }, mode: InterpolationMode.Bilinear, align_corners: false);
        var top = (newHeight - height) / 2;
        var left = (newWidth - width) / 2;
        return scope.MoveToOuter(resized.narrow(2, top, height).narrow(3, left, width).clamp(0, 1));
    }
}
