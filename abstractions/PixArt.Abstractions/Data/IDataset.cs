using System.Diagnostics.CodeAnalysis;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Data;

/// <summary>
/// Random-access training samples: what each item is without reading its pixels (for bucketing and feature caches), and
/// its pixels at a requested size. Provisional (ADR 0003).
/// </summary>
[Experimental("PXF0001")]
public interface IDataset : IDisposable
{
    /// <summary>Number of usable items (those refused when the data set was opened are not counted; see <see cref="Skipped"/>).</summary>
    int Count { get; }

    /// <summary>Class names by class index, empty when the data set has no classes.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Items refused when the data set was opened (unreadable header, too large, not an image), each with the reason.</summary>
    IReadOnlyList<DatasetProblem> Skipped { get; }

    /// <summary>Item <paramref name="index"/> without its pixels.</summary>
    DatasetItem Item(int index);

    /// <summary>
    /// The pixels of item <paramref name="index"/> at <paramref name="height"/> × <paramref name="width"/>, fitted as
    /// <paramref name="fit"/> says. Throws <see cref="InvalidDataException"/> naming the file when its content cannot be
    /// decoded (truncated, corrupt); the trainer skips such an item and counts it.
    /// </summary>
    DatasetSample Load(int index, int height, int width, ImageFit fit);

    /// <summary>
    /// A short text that changes when item <paramref name="index"/>'s content changes (a folder data set: the file's length
    /// and last write time), or null when the data set cannot tell. The feature cache (<c>pixart extract</c>) stores it
    /// with each item's latents and re-encodes an item whose stamp differs, so an image replaced in place is not trained
    /// on stale latents. Called per item and step while training from the cache: keep it cheap (no decoding).
    /// </summary>
    string? ContentStamp(int index) => null;
}

/// <summary>One item of a data set, without pixels.</summary>
/// <param name="Key">Stable key (the path relative to the data set), used by feature caches and messages.</param>
/// <param name="Height">Original height in pixels (micro-conditions, buckets).</param>
/// <param name="Width">Original width in pixels.</param>
/// <param name="Caption">Caption, when the data set has captions.</param>
/// <param name="ClassLabel">Class index, when the data set has classes.</param>
[Experimental("PXF0001")]
public sealed record DatasetItem(string Key, int Height, int Width, string? Caption, int? ClassLabel);

/// <summary>An item's pixels <c>[3, H, W]</c> float32 in [−1, 1] on the CPU; owns the tensor.</summary>
/// <param name="Item">The item.</param>
/// <param name="Image">The pixels.</param>
[Experimental("PXF0001")]
public sealed record DatasetSample(DatasetItem Item, Tensor Image) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}

/// <summary>An item a data set could not use, with the reason (for the one warning and the count in the metrics).</summary>
/// <param name="Key">The item's key or file.</param>
/// <param name="Reason">What is wrong.</param>
[Experimental("PXF0001")]
public sealed record DatasetProblem(string Key, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Reason}";
}

/// <summary>How an image is fitted to a training size (reference 7.5).</summary>
[Experimental("PXF0001")]
public enum ImageFit
{
    /// <summary>Single-scale: resize the shorter side to the size (bilinear), then centre-crop.</summary>
    ShortSideAndCenterCrop,

    /// <summary>Multi-scale buckets: scale (bicubic) so the image covers the bucket, then centre-crop.</summary>
    CoverAndCenterCrop,
}
