#pragma warning disable PXF0001 // the training contracts are provisional (ADR 0003); this kit is their first reader outside the host
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Data;

/// <summary>
/// The behaviour every <see cref="IDataset"/> must show, whatever its source: at least one item; keys unique and the
/// same, in the same order, every time the data set is opened (feature caches and checkpoints rely on them); sizes
/// positive; class labels within <see cref="IDataset.ClassNames"/>; an index out of range is an
/// <see cref="ArgumentOutOfRangeException"/>; <see cref="IDataset.Load"/> gives the item with pixels <c>[3, H, W]</c>
/// float32 in [−1, 1] at the requested size with both fits, the same twice; a content stamp that does not change between
/// calls; every skipped item has a reason. A data set's test class derives from this and supplies <see cref="CreateContext"/>.
/// </summary>
/// <typeparam name="TFactory">The data set factory under test.</typeparam>
public abstract class DatasetConformanceTests<TFactory> where TFactory : IDatasetFactory, new()
{
    /// <summary>The context the data set is opened with (its options; at least one usable item).</summary>
    protected abstract ComponentContext CreateContext();

    /// <summary>Opens the data set.</summary>
    protected IDataset Open() => new TFactory().Create(CreateContext());

    /// <summary>Items, keys, sizes and labels are well formed and stable across openings.</summary>
    [Fact]
    public void ItemsAreWellFormedAndStableAcrossOpenings()
    {
        using var first = Open();
        using var second = Open();
        Assert.True(first.Count > 0, "the data set has no item");
        var keys = Enumerable.Range(0, first.Count).Select(i => first.Item(i).Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys, Enumerable.Range(0, second.Count).Select(i => second.Item(i).Key));
        for (var i = 0; i < first.Count; i++)
        {
            var item = first.Item(i);
            Assert.True(item.Height > 0 && item.Width > 0, $"{item.Key}: size {item.Width}x{item.Height}");
            if (item.ClassLabel is { } label) Assert.InRange(label, 0, first.ClassNames.Count - 1);
            Assert.Equal(first.ContentStamp(i), first.ContentStamp(i));
        }
        Assert.All(first.Skipped, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason), $"{p.Key} is skipped without a reason"));
        Assert.Throws<ArgumentOutOfRangeException>(() => first.Item(first.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => first.Item(-1));
    }

    /// <summary>Loading gives the item and its pixels at the requested size in [−1, 1], for both fits, the same twice.</summary>
    [Theory]
    [InlineData(ImageFit.ShortSideAndCenterCrop, 16, 16)]
    [InlineData(ImageFit.CoverAndCenterCrop, 12, 20)]
    public void LoadGivesPixelsOfTheRequestedSize(ImageFit fit, int height, int width)
    {
        using var data = Open();
        using var sample = data.Load(0, height, width, fit);
        using var again = data.Load(0, height, width, fit);
        Assert.Equal(data.Item(0), sample.Item);
        Assert.Equal(new long[] { 3, height, width }, sample.Image.shape);
        Assert.Equal(ScalarType.Float32, sample.Image.dtype);
        Assert.Equal(DeviceType.CPU, sample.Image.device_type);
        Assert.True(sample.Image.ge(-1).all().item<bool>() && sample.Image.le(1).all().item<bool>(), "pixels outside [-1, 1]");
        Assert.True(sample.Image.equal(again.Image).all().item<bool>(), "two loads of the same item differ");
    }
}
