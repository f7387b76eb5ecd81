using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Worker;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// The worker's side of a held job's life in Redis: every event of the local job is appended to the job's events stream
/// (started, progress with previews), and the end is written once: images (each at most
/// <see cref="QueueOptions.MaxImageBytes"/>), state, acknowledgement, expiry. A job cancelled by this worker's shutdown
/// (not by a client) is handed back to the queue instead. Writes wait out a Redis outage. A write refused because another
/// worker took the job over stops the local job: its results would be dropped anyway.
/// </summary>
public sealed partial class RedisJobPublisher(
    RedisConnection redis,
    WorkerIdentity identity,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RedisJobPublisher> logger)
{
    /// <summary>Reason given to a local job whose Redis entry another worker took over.</summary>
    public const string SupersededReason = "another worker took this job over";

    private readonly OutageLog _outage = new();

    private RedisKeys Keys => redis.Keys;

    /// <summary>Publishes <paramref name="held"/>'s events until it ends; <paramref name="abandon"/> gives up (host shutdown timeout).</summary>
    internal async Task PublishAsync(HeldJob held, CancellationToken abandon)
    {
        var job = held.Job;
        var next = 0;
        while (true)
        {
            await job.WaitForEventsAsync(next, abandon).ConfigureAwait(false);
            foreach (var e in job.EventsFrom(next))
            {
                next = e.Sequence + 1;
                if (e.Kind is JobEventKinds.Completed or JobEventKinds.Failed or JobEventKinds.Cancelled)
                {
                    await RedisRetry.UntilDoneAsync(() => EndAsync(held, e), Outage, abandon).ConfigureAwait(false);
                    return;
                }
                if (e.Kind is not (JobEventKinds.Started or JobEventKinds.Progress)) continue;
                var stillHeld = await RedisRetry.UntilDoneAsync(() => AppendAsync(held, e), Outage, abandon).ConfigureAwait(false);
                if (!stillHeld)
                {
                    LogSuperseded(logger, job.Id);
                    job.RequestCancel(SupersededReason, time.GetUtcNow());
                    return;
                }
            }
        }
    }

    /// <summary>Fails a job this worker holds but cannot run (its request does not validate here).</summary>
    internal Task FailAsync(string id, string entry, string attempt, string message) =>
        RedisRetry.UntilDoneAsync(() => FinishAsync(id, entry, attempt, JobEventKinds.Failed, time.GetUtcNow(), message, 0, 0, []), Outage, lifetime.ApplicationStopped);

    private async Task<bool> AppendAsync(HeldJob held, JobEvent e)
    {
        var id = held.Job.Id;
        var result = await redis.Database.ScriptEvaluateAsync(RedisScripts.Append, [Keys.Job(id), Keys.Events(id)],
        [
            identity.Name, held.Attempt, e.Kind, RedisJobEvents.Time(e.At), e.Step, e.Total, e.Worker ?? "", e.Preview ?? (RedisValue)"",
        ]).ConfigureAwait(false);
        return (int)result == 1;
    }

    private async Task<bool> EndAsync(HeldJob held, JobEvent e)
    {
        var job = held.Job;
        // Cancelled by this worker's shutdown, not by a client: the job goes back to the queue for another worker.
        if (e.Kind == JobEventKinds.Cancelled && !held.CancelAsked && (held.HandBack || lifetime.ApplicationStopping.IsCancellationRequested))
        {
            var released = (int)await redis.Database.ScriptEvaluateAsync(RedisScripts.Release, [Keys.Jobs, Keys.Job(job.Id), Keys.Events(job.Id)],
            [
                identity.Name, held.Attempt, RedisJobEvents.Time(e.At), $"requeued: worker {identity.Name} shut down", redis.Settings.Group,
                held.Entry, job.Id, options.Value.RetentionSeconds,
            ]).ConfigureAwait(false);
            if (released == 2) LogReleased(logger, job.Id);
            return released != 0;
        }
        var images = new List<RedisValue>();
        var state = e.Kind;
        var message = e.Message ?? "";
        if (state == JobEventKinds.Completed)
        {
            var max = redis.Settings.MaxImageBytes;
            foreach (var image in job.Images)
            {
                if (image.Png.Length > max)
                {
                    state = JobEventKinds.Failed;
                    message = $"image {image.Index} is {image.Png.Length} bytes, over {QueueOptions.SectionPath}:{nameof(QueueOptions.MaxImageBytes)} ({max})";
                    images.Clear();
                    break;
                }
                images.Add(image.Png);
                images.Add(RedisJobEvents.Write(image.Parameters));
            }
        }
        return await FinishAsync(job.Id, held.Entry, held.Attempt, state, e.At, message, e.Step, e.Total, images).ConfigureAwait(false);
    }

    private async Task<bool> FinishAsync(string id, string entry, string attempt, string state, DateTimeOffset at, string message, int step, int total, List<RedisValue> images)
    {
        RedisValue[] arguments =
        [
            identity.Name, attempt, state, RedisJobEvents.Time(at), message, step, total, redis.Settings.Group, entry,
            options.Value.RetentionSeconds, images.Count / 2, .. images,
        ];
        var done = (int)await redis.Database.ScriptEvaluateAsync(RedisScripts.Finish, [Keys.Jobs, Keys.Job(id), Keys.Events(id), Keys.Images(id)], arguments).ConfigureAwait(false);
        if (done == 0) LogSuperseded(logger, id);
        return done == 1;
    }

    private void Outage(Exception e)
    {
        if (_outage.Due()) LogOutage(logger, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unreachable while publishing a job ({Error}); retrying until it is back")]
    private static partial void LogOutage(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Id}: another worker holds it now; this worker's result is dropped")]
    private static partial void LogSuperseded(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Id} handed back to the queue (this worker is shutting down)")]
    private static partial void LogReleased(ILogger logger, string id);
}
