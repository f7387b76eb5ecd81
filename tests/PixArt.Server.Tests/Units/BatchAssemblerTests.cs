using PixArt.Server.Jobs;
using PixArt.Server.Worker;

namespace PixArt.Server.Tests.Units;

public sealed class BatchAssemblerTests
{
    private static Job Job(Hosting.Generation.GenerationPlan plan, long sequence) => new($"job_{sequence}", sequence, plan, 0, DateTimeOffset.UnixEpoch);

    [Fact]
    public void TheOldestJobLeadsAndCompatibleLaterOnesJoinWhileTheImagesFit()
    {
        var pending = new List<Job>
        {
            Job(Plans.Make(images: 1), 1),
            Job(Plans.Make(images: 1, side: 128), 2),   // another size
            Job(Plans.Make(images: 2), 3),
            Job(Plans.Make(images: 1, steps: 8), 4),    // other steps
            Job(Plans.Make(images: 2), 5),              // would make 5 images
            Job(Plans.Make(images: 1, guidance: 7), 6), // other guidance
            Job(Plans.Make(images: 1, sampler: "ddim"), 7),
            Job(Plans.Make(images: 1), 8),
        };
        Assert.Equal([1L, 3, 8], BatchAssembler.Pick(pending, 4).Select(j => j.Sequence));
        Assert.Equal([1L], BatchAssembler.Pick(pending, 1).Select(j => j.Sequence));
    }

    [Fact]
    public void AJobLargerThanTheBatchRunsAloneAndFinishedJobsAreSkipped()
    {
        var big = Job(Plans.Make(images: 6), 1);
        Assert.Equal([big], BatchAssembler.Pick([big, Job(Plans.Make(), 2)], 4));

        var cancelled = Job(Plans.Make(), 3);
        cancelled.RequestCancel("test", DateTimeOffset.UnixEpoch);
        var next = Job(Plans.Make(), 4);
        Assert.Equal([next], BatchAssembler.Pick([cancelled, next], 4));
        Assert.Empty(BatchAssembler.Pick([cancelled], 4));
    }
}
