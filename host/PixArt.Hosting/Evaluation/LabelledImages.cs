using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// The images of a data set with their classes, decoded once into memory at the classifier's input size (the emoji set's
/// 4,458 images at 64×64 take about 220 MB): <see cref="Images"/> <c>[N, 3, S, S]</c> float32 in [−1, 1] and
/// <see cref="Labels"/> <c>[N]</c> int64, on the CPU. Owns both tensors.
/// </summary>
public sealed class LabelledImages : IDisposable
{
    private LabelledImages(Tensor images, Tensor labels, IReadOnlyList<DatasetItem> items, IReadOnlyList<DatasetProblem> skipped)
    {
        Images = images;
        Labels = labels;
        Items = items;
        Skipped = skipped;
    }

    /// <summary>Pixels <c>[N, 3, S, S]</c> float32 in [−1, 1].</summary>
    public Tensor Images { get; }

    /// <summary>Class indices <c>[N]</c> int64.</summary>
    public Tensor Labels { get; }

    /// <summary>The items, in data set order.</summary>
    public IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Items that could not be decoded, with the reason (left out).</summary>
    public IReadOnlyList<DatasetProblem> Skipped { get; }

    /// <summary>Number of images.</summary>
    public int Count => Items.Count;

    /// <summary>
    /// Decodes every item of <paramref name="data"/> at <paramref name="size"/> × <paramref name="size"/> (short side resized,
    /// centre-cropped). An item that cannot be decoded is left out and listed in <see cref="Skipped"/>. Throws
    /// <see cref="InvalidDataException"/> naming <paramref name="what"/> when an item has no class or nothing is left, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static LabelledImages Load(IDataset data, int size, string what, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var images = new List<Tensor>();
        var items = new List<DatasetItem>();
        var skipped = new List<DatasetProblem>();
        try
        {
            for (var i = 0; i < data.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = data.Item(i);
                if (item.ClassLabel is null) throw new InvalidDataException($"{what}: {item.Key} has no class; the evaluation needs a class for every image");
                try
                {
                    using var sample = data.Load(i, size, size, ImageFit.ShortSideAndCenterCrop);
                    images.Add(sample.Image.detach().clone().DetachFromDisposeScope());
                    items.Add(item);
                }
                catch (InvalidDataException e)
                {
                    skipped.Add(new DatasetProblem(item.Key, e.Message));
                }
                if ((i + 1) % 500 == 0 || i + 1 == data.Count) progress?.Report(new ProgressUpdate($"load {what}", i + 1, data.Count));
            }
            if (items.Count == 0) throw new InvalidDataException($"{what}: no image could be decoded ({skipped.Count} failed, e.g. {skipped.FirstOrDefault()})");
            // Owned by this object, not by whatever dispose scope the caller has open.
            var stacked = stack(images).DetachFromDisposeScope();
            var labels = tensor(items.Select(x => (long)x.ClassLabel!.Value).ToArray(), ScalarType.Int64).DetachFromDisposeScope();
            return new LabelledImages(stacked, labels, items, skipped);
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
