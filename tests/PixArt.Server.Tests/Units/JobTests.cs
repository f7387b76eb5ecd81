using PixArt.Server.Jobs;

namespace PixArt.Server.Tests.Units;

public sealed class JobTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void EventsFollowTheLifeOfAJobAndWaitersWakeOnEachOne()
    {
        var job = new Job("job_1", 1, Plans.Make(steps: 2), 0, At);
        job.MarkQueued(3, At);
        var waiting = job.WaitForEventsAsync(1, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.True(job.TryStart(At, "test-worker"));
        Assert.True(waiting.IsCompleted);
        Assert.False(job.TryStart(At, "test-worker"));
        job.ReportStep(1, 2, At);
        job.ReportStep(2, 2, At, [1, 2, 3]);
        job.Complete([new JobImage(0, [9], null!)], At);
        job.Fail("too late", At); // finished jobs do not change
        Assert.Equal(JobState.Completed, job.State);
        Assert.Equal(["queued", "started", "progress", "progress", "completed"], job.EventsFrom(0).Select(e => e.Kind));
        Assert.Equal([0, 1, 2, 3, 4], job.EventsFrom(0).Select(e => e.Sequence));
        Assert.Equal(3, job.EventsFrom(0)[0].Position);
        Assert.Equal(["completed"], job.EventsFrom(4).Select(e => e.Kind));
        Assert.Empty(job.EventsFrom(5));
        Assert.True(job.Finished.IsCompletedSuccessfully);
        Assert.Single(job.Images);
    }

    [Fact]
    public void AQueuedJobIsCancelledAtOnceARunningOneByTheWorker()
    {
        var queued = new Job("job_1", 1, Plans.Make(), 0, At);
        Assert.Equal(CancelOutcome.Removed, queued.RequestCancel("bye", At));
        Assert.Equal(JobState.Cancelled, queued.State);
        Assert.False(queued.TryStart(At, "test-worker"));
        Assert.Equal(CancelOutcome.AlreadyFinished, queued.RequestCancel("again", At));
        Assert.Equal("bye", queued.Message);

        var running = new Job("job_2", 2, Plans.Make(), 0, At);
        running.TryStart(At, "test-worker");
        var stopped = false;
        running.CancellationToken.Register(() => stopped = true);
        Assert.Equal(CancelOutcome.Stopping, running.RequestCancel("stop", At));
        Assert.True(stopped);
        Assert.Equal(JobState.Running, running.State); // until the worker reaches a step boundary
        running.MarkCancelled(At);
        Assert.Equal(JobState.Cancelled, running.State);
        Assert.Equal("stop", running.EventsFrom(0)[^1].Message);
    }
}
