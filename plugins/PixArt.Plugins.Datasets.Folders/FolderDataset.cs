using System.Globalization;
using PixArt.Abstractions.Data;
using PixArt.Plugins.Datasets.Folders.Images;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>
/// An opened folder data set: items whose headers were read and accepted, and the files to decode on <see cref="Load"/>.
/// Immutable after creation; <see cref="Load"/> may run on several threads at once.
/// </summary>
internal sealed class FolderDataset : IDataset
{
    private readonly IReadOnlyList<FolderEntry> _entries;
    private readonly ImageReader _reader;
    private volatile bool _disposed;

    public FolderDataset(IReadOnlyList<FolderEntry> entries, IReadOnlyList<string> classNames, IReadOnlyList<DatasetProblem> skipped, ImageReader reader)
    {
        _entries = entries;
        ClassNames = classNames;
        Skipped = skipped;
        _reader = reader;
    }

    public int Count => _entries.Count;

    public IReadOnlyList<string> ClassNames { get; }

    public IReadOnlyList<DatasetProblem> Skipped { get; }

    public DatasetItem Item(int index) => Entry(index).Item;

    public DatasetSample Load(int index, int height, int width, ImageFit fit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var entry = Entry(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        CheckScaledSize(entry, ImageFitting.Plan(entry.Item.Height, entry.Item.Width, height, width, fit));

        using var image = _reader.Decode(entry.FullPath, entry.Item.Key);
        var plan = ImageFitting.Plan(image.Height, image.Width, height, width, fit);
        CheckScaledSize(entry, plan);
        ImageFitting.Apply(image, plan);
        return new DatasetSample(entry.Item, PixelTensor.From(image));
    }

    // Length and last write time: a file replaced or edited since extraction gets new latents (a stat, no read).
    public string? ContentStamp(int index)
    {
        var file = new FileInfo(Entry(index).FullPath);
        return file.Exists ? string.Create(CultureInfo.InvariantCulture, $"{file.Length}@{file.LastWriteTimeUtc.Ticks}") : null;
    }

    public void Dispose() => _disposed = true;

    private FolderEntry Entry(int index) =>
        (uint)index < (uint)_entries.Count ? _entries[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, string.Create(CultureInfo.InvariantCulture, $"the data set has {_entries.Count} items"));

    // A very elongated image fitted to a large target would be scaled to a huge intermediate: refused like a huge file.
    private void CheckScaledSize(FolderEntry entry, FitPlan plan)
    {
        if (plan.ScaledPixels <= _reader.Limits.MaxPixels) return;
        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
            $"{entry.Item.Key} ({entry.FullPath}): fitting {entry.Item.Width}x{entry.Item.Height} to {plan.Width}x{plan.Height} scales it to {plan.ScaledWidth}x{plan.ScaledHeight}, more than MaxImagePixels {_reader.Limits.MaxPixels}"));
    }
}
