using System.Globalization;
using PixArt.Abstractions.Data;
using PixArt.Hosting.Generation;

namespace PixArt.Hosting.Training;

/// <summary>
/// The deterministic data order of a stage (reference 7.5): epoch e's order is a permutation drawn from the seed, the
/// stage and e, so a resumed run rebuilds the same batches. Single-scale: consecutive batches of the permutation at the
/// stage's resolution. Multi-scale: each item goes to the bucket nearest its original aspect ratio; a batch is yielded
/// when its bucket fills, so every batch has one size; what is left in the buckets at the end of an epoch is dropped
/// (as the official sampler does) unless the epoch yielded no batch at all (a tiny data set), then it is yielded as is.
/// Bucket sizes are rounded to whole tokens (<paramref name="sizeMultiple"/>: codec downsample × patch).
/// </summary>
public sealed class TrainingBatches(IDataset data, int batchSize, long seed, int stageIndex, int resolution, bool multiScale, int sizeMultiple)
{
    private (int Epoch, IReadOnlyList<BatchPlan> Batches)? _cached;

    /// <summary>The batch at <paramref name="position"/> and the position after it (the next epoch after the last batch).</summary>
    public (BatchPlan Batch, BatchPosition Next) Take(BatchPosition position)
    {
        var batches = Epoch(position.Epoch);
        if (position.Batch >= batches.Count) return Take(new BatchPosition(position.Epoch + 1, 0));
        var next = position.Batch + 1 < batches.Count ? position with { Batch = position.Batch + 1 } : new BatchPosition(position.Epoch + 1, 0);
        return (batches[position.Batch], next);
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>.</summary>
    public IReadOnlyList<BatchPlan> Epoch(int epoch)
    {
        if (_cached is { } cached && cached.Epoch == epoch) return cached.Batches;
        var order = Permutation(epoch);
        var batches = multiScale ? Bucketed(order) : Square(order);
        _cached = (epoch, batches);
        return batches;
    }

    private int[] Permutation(int epoch)
    {
        // System.Random with a seed is specified to give the same sequence on every .NET version and platform.
        var random = new Random(unchecked((int)(seed * 1_000_003 + stageIndex * 10_007 + epoch)));
        var order = Enumerable.Range(0, data.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private List<BatchPlan> Square(int[] order)
    {
        var size = Math.Min(batchSize, order.Length);
        return order.Chunk(size).Where(c => c.Length == size).Select(c => new BatchPlan(c, resolution, resolution, 1f)).ToList();
    }

    private List<BatchPlan> Bucketed(int[] order)
    {
        var buckets = new Dictionary<string, (List<int> Items, int Height, int Width)>();
        var batches = new List<BatchPlan>();
        foreach (var index in order)
        {
            var item = data.Item(index);
            var bucket = AspectRatioBuckets.Nearest(item.Height, item.Width, resolution, inference: false);
            if (!buckets.TryGetValue(bucket.Key, out var open)) buckets[bucket.Key] = open = ([], Whole(bucket.Height, sizeMultiple), Whole(bucket.Width, sizeMultiple));
            open.Items.Add(index);
            if (open.Items.Count == batchSize)
            {
                batches.Add(new BatchPlan(open.Items.ToArray(), open.Height, open.Width, Ratio(bucket.Key)));
                open.Items.Clear();
            }
        }
        if (batches.Count == 0)
            batches.AddRange(buckets.Where(b => b.Value.Items.Count > 0)
                .Select(b => new BatchPlan(b.Value.Items.ToArray(), b.Value.Height, b.Value.Width, Ratio(b.Key))));
        return batches;
    }

    /// <summary>
    /// The training size of <paramref name="item"/> in pixels: the stage's square resolution, or with
    /// <paramref name="multiScale"/> its bucket's size rounded to whole multiples of <paramref name="sizeMultiple"/> (what
    /// every batch holding it is trained at, and what the feature cache encodes it at).
    /// </summary>
    public static (int Height, int Width) ItemSize(DatasetItem item, int resolution, bool multiScale, int sizeMultiple)
    {
        if (!multiScale) return (resolution, resolution);
        var bucket = AspectRatioBuckets.Nearest(item.Height, item.Width, resolution, inference: false);
        return (Whole(bucket.Height, sizeMultiple), Whole(bucket.Width, sizeMultiple));
    }

    private static int Whole(int pixels, int multiple) => Math.Max(multiple, (int)Math.Round((double)pixels / multiple) * multiple);

    private static float Ratio(string key) => float.Parse(key, CultureInfo.InvariantCulture);
}
