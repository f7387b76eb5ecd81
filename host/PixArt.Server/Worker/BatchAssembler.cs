using PixArt.Hosting.Generation;
using PixArt.Server.Jobs;

namespace PixArt.Server.Worker;

/// <summary>
/// Picks the next pass from the jobs the worker has read: the oldest job, then the later ones that can share its pass
/// (<see cref="GenerationBatch.Compatible"/>) while their images fit in <c>maxImages</c>. A job is never split: one that
/// alone has more images than the batch size runs alone.
/// </summary>
public static class BatchAssembler
{
    /// <summary>The next batch from <paramref name="pending"/> (oldest first; finished jobs are skipped).</summary>
    public static IReadOnlyList<Job> Pick(IReadOnlyList<Job> pending, int maxImages)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var head = pending.FirstOrDefault(j => !j.IsFinished);
        if (head is null) return [];
        var batch = new List<Job> { head };
        var images = head.ImageCount;
        foreach (var job in pending)
        {
            if (images >= maxImages) break;
            if (job == head || job.IsFinished || images + job.ImageCount > maxImages) continue;
            if (!GenerationBatch.Compatible(head.Plan, job.Plan)) continue;
            batch.Add(job);
            images += job.ImageCount;
        }
        return batch;
    }

    /// <summary>Images of <paramref name="batch"/>.</summary>
    public static int Images(IEnumerable<Job> batch) => batch.Sum(j => j.ImageCount);
}
