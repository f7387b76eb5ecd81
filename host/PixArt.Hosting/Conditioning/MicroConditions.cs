using PixArt.Abstractions.Conditioning;
using static TorchSharp.torch;

namespace PixArt.Hosting.Conditioning;

/// <summary>
/// The one place the multi-scale micro-conditions are built (reference 1.6, 7.2): the image size <c>[B, 2]</c> as
/// (height, width) in pixels and the aspect ratio <c>[B, 1]</c>. Generation gives the generated (binned) size and
/// height / width (diffusers); training gives each sample's original size and its bucket's ratio (official).
/// </summary>
public static class MicroConditions
{
    /// <summary><paramref name="condition"/> with the micro-conditions of <paramref name="sizes"/> and <paramref name="aspectRatios"/> (one each per sample).</summary>
    public static ConditionInput Add(ConditionInput condition, IReadOnlyList<(int Height, int Width)> sizes, IReadOnlyList<float> aspectRatios, Device device)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (sizes.Count != aspectRatios.Count)
            throw new ArgumentException($"one aspect ratio per size: {sizes.Count} sizes, {aspectRatios.Count} ratios", nameof(aspectRatios));
        var resolution = tensor(sizes.SelectMany(s => new float[] { s.Height, s.Width }).ToArray(), device: device).view(sizes.Count, 2); // [B, 2]
        var aspect = tensor(aspectRatios.ToArray(), device: device).view(aspectRatios.Count, 1);                // [B, 1]
        return condition with { Resolution = resolution, AspectRatio = aspect };
    }

    /// <summary><paramref name="condition"/> with one size for all <paramref name="batch"/> samples and its ratio height / width.</summary>
    public static ConditionInput Add(ConditionInput condition, int height, int width, int batch, Device device) =>
        Add(condition, Enumerable.Repeat((height, width), batch).ToList(), Enumerable.Repeat((float)height / width, batch).ToList(), device);
}
