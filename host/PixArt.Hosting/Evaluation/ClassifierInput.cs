using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>Brings generated images to what the classifier reads: its input size and the data set's [−1, 1] range.</summary>
public static class ClassifierInput
{
    /// <summary>
    /// Images <c>[B, 3, H, W]</c> in [0, 1] (what generation returns) as <c>[B, 3, S, S]</c> float32 in [−1, 1]: a square
    /// image of another size is resized bilinearly (antialiased when shrinking, like the data set's own resize); a
    /// non-square one is first centre-cropped to a square. Throws <see cref="ArgumentException"/> for another layout.
    /// </summary>
    public static Tensor FromPixels(Tensor pixels, int size)
    {
        if (pixels.dim() != 4 || pixels.shape[1] != 3)
            throw new ArgumentException($"expected images [B, 3, H, W], got [{string.Join(", ", pixels.shape)}]", nameof(pixels));
        using var scope = NewDisposeScope();
        var x = pixels.to(ScalarType.Float32);
        var (h, w) = (x.shape[2], x.shape[3]);
        var side = Math.Min(h, w);
        if (h != w) x = x.narrow(2, (h - side) / 2, side).narrow(3, (w - side) / 2, side);
        if (side != size)
            x = nn.functional.interpolate(x, [size, size], mode: InterpolationMode.Bilinear, align_corners: false, antialias: side > size);
        return scope.MoveToOuter(x.clamp(0, 1).mul(2).sub(1));
    }
}
