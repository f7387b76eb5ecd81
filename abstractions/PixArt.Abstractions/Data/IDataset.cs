using System.Diagnostics.CodeAnalysis;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Data;

/// <summary>Random-access training samples. Provisional until the trainer lands.</summary>
[Experimental("PXF0001")]
public interface IDataset : IDisposable
{
    /// <summary>Number of samples.</summary>
    int Count { get; }

    /// <summary>Original (height, width) of sample <paramref name="index"/> without loading its pixels, for bucketing.</summary>
    (int Height, int Width) OriginalSize(int index);

    /// <summary>Loads sample <paramref name="index"/> resized/cropped to <paramref name="height"/> × <paramref name="width"/>.</summary>
    DatasetSample Get(int index, int height, int width);
}

/// <summary>One training sample; owns <see cref="Image"/>.</summary>
/// <param name="Image">Pixels <c>[3, H, W]</c> in [−1, 1] (or a cached latent when the dataset serves features).</param>
/// <param name="Caption">Caption text, when the dataset has captions.</param>
/// <param name="ClassLabel">Class index, when the dataset has classes.</param>
/// <param name="OriginalHeight">Height of the source image in pixels.</param>
/// <param name="OriginalWidth">Width of the source image in pixels.</param>
[Experimental("PXF0001")]
public sealed record DatasetSample(Tensor Image, string? Caption, int? ClassLabel, int OriginalHeight, int OriginalWidth) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}
