using Microsoft.Extensions.Options;
using PixArt.Server.Jobs;
using PixArt.Server.Options;

namespace PixArt.Server.Tests.Units;

public sealed class JobStoreTests
{
    [Fact]
    public void FinishedJobsAreEvictedAfterTheirRetentionOrBeyondTheCountOldestFirstNeverLiveOnes()
    {
        var time = new ManualTime();
        var store = new JobStore(Microsoft.Extensions.Options.Options.Create(new ServerOptions { RetentionSeconds = 60, MaxRetainedJobs = 2 }), time);
        var finished = Enumerable.Range(0, 4).Select(_ => store.Create(Plans.Make(), 0)).ToList();
        foreach (var job in finished)
        {
            job.TryStart(time.GetUtcNow(), "test-worker");
            job.Complete([], time.GetUtcNow());
            time.Advance(TimeSpan.FromSeconds(1));
        }
        var queued = store.Create(Plans.Make(), 0);
        var running = store.Create(Plans.Make(), 0);
        running.TryStart(time.GetUtcNow(), "test-worker");

        Assert.Equal(2, store.Evict()); // over the count: the two oldest finished
        Assert.Null(store.Find(finished[0].Id));
        Assert.Null(store.Find(finished[1].Id));
        Assert.NotNull(store.Find(finished[2].Id));

        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(2, store.Evict()); // past the retention
        Assert.Equal([queued, running], store.All.OrderBy(j => j.Sequence));
        Assert.Equal(1, store.Position(queued));
        Assert.Equal(0, store.Position(running));
    }

    [Fact]
    public void QueuePositionsCountTheQueuedJobsAhead()
    {
        var store = new JobStore(Microsoft.Extensions.Options.Options.Create(new ServerOptions()), new ManualTime());
        var jobs = Enumerable.Range(0, 3).Select(_ => store.Create(Plans.Make(), 0)).ToList();
        Assert.Equal([1, 2, 3], jobs.Select(store.Position));
        jobs[0].RequestCancel("x", DateTimeOffset.UnixEpoch);
        Assert.Equal([0, 1, 2], jobs.Select(store.Position));
        Assert.Matches("^job_[0-9a-f]{24}$", jobs[0].Id);
    }
}
