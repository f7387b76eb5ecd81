using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PixArt.Server.Jobs;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// Keeps an API node's <see cref="Job"/> mirrors in step with the events the workers append in Redis: it reads the events
/// streams of every unfinished job it follows (polling every <see cref="Options.QueueOptions.PollMilliseconds"/>: the
/// client cannot block on a stream) and applies each event, so the job API, the event stream (SSE) and waiting requests work
/// on mirrors exactly as on local jobs. A completed event brings the images along. While Redis is unreachable the mirrors
/// wait; nothing is skipped.
/// </summary>
public sealed partial class RedisJobFollower(RedisConnection redis, ILogger<RedisJobFollower> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Followed> _followed = new(StringComparer.Ordinal);
    private readonly OutageLog _outage = new();

    /// <summary>Follows <paramref name="job"/>'s events after <paramref name="after"/> (<c>0-0</c>: from the first).</summary>
    public void Follow(Job job, RedisValue after)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.IsFinished) _followed.TryAdd(job.Id, new Followed(job, after));
    }

    /// <summary>Applies one event of the job's Redis stream to its mirror.</summary>
    public async Task ApplyAsync(Job job, StreamEntry entry)
    {
        ArgumentNullException.ThrowIfNull(job);
        var e = RedisJobEvents.Read(entry);
        switch (e.Kind)
        {
            case JobEventKinds.Queued:
                // The first is the acceptance (the node that accepted the job recorded its own); later ones are requeues.
                if (job.EventsFrom(0).Count == 0) job.MarkQueued(e.Position ?? 0, e.At);
                else job.MarkRequeued(e.Message ?? "requeued", e.At);
                break;
            case JobEventKinds.Started:
                job.TryStart(e.At, e.Worker ?? "");
                break;
            case JobEventKinds.Progress:
                job.ReportStep(e.Step, e.Total, e.At, e.Preview);
                break;
            case JobEventKinds.Completed:
                var keys = redis.Keys;
                var count = (int)await redis.Database.HashGetAsync(keys.Job(job.Id), "images").ConfigureAwait(false);
                var images = RedisJobEvents.ReadImages(await redis.Database.HashGetAllAsync(keys.Images(job.Id)).ConfigureAwait(false), count);
                if (images is null) job.Fail("the job completed, but its images expired in Redis before this node read them", e.At);
                else job.Complete(images, e.At);
                break;
            case JobEventKinds.Failed:
                job.Fail(e.Message ?? "generation failed", e.At);
                break;
            case JobEventKinds.Cancelled:
                if (job.State == JobState.Queued) job.RequestCancel(e.Message ?? "cancelled", e.At);
                else job.MarkCancelled(e.At, e.Message);
                break;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = redis.Settings.Poll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Never ends the loop: the mirrors would stop moving.
                if (_outage.Due()) LogOutage(logger, e.Message);
            }
            try
            {
                await Task.Delay(poll, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Why a followed job whose keys vanished from Redis fails.</summary>
    public const string LostReason = "the job's state is gone from Redis (expired, evicted, or Redis restarted without persistence)";

    // How often followed jobs are checked for keys that vanished (their events would never come).
    private static readonly TimeSpan LostCheck = TimeSpan.FromSeconds(5);
    private DateTime _lastLostCheck = DateTime.UtcNow;

    private async Task ReadAsync()
    {
        foreach (var (id, followed) in _followed)
            if (followed.Job.IsFinished) _followed.TryRemove(id, out _);
        if (DateTime.UtcNow - _lastLostCheck > LostCheck)
        {
            _lastLostCheck = DateTime.UtcNow;
            await FailLostAsync().ConfigureAwait(false);
        }
        foreach (var chunk in _followed.Values.Chunk(256))
        {
            var byKey = chunk.ToDictionary(f => redis.Keys.Events(f.Job.Id));
            var positions = byKey.Select(pair => new StreamPosition(pair.Key, pair.Value.After)).ToArray();
            var streams = await redis.Database.StreamReadAsync(positions, countPerStream: 512).ConfigureAwait(false);
            foreach (var stream in streams)
            {
                var followed = byKey[stream.Key];
                foreach (var entry in stream.Entries)
                {
                    await ApplyAsync(followed.Job, entry).ConfigureAwait(false);
                    followed.After = entry.Id;
                }
            }
        }
    }

    private async Task FailLostAsync()
    {
        var followed = _followed.Values.ToList();
        var exists = await Task.WhenAll(followed.Select(f => redis.Database.KeyExistsAsync(redis.Keys.Job(f.Job.Id)))).ConfigureAwait(false);
        for (var i = 0; i < followed.Count; i++)
        {
            if (exists[i]) continue;
            LogLost(logger, followed[i].Job.Id);
            followed[i].Job.Fail(LostReason, DateTimeOffset.UtcNow);
            _followed.TryRemove(followed[i].Job.Id, out _);
        }
    }

    private sealed class Followed(Job job, RedisValue after)
    {
        public Job Job { get; } = job;

        public RedisValue After { get; set; } = after;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Id}: its state is gone from Redis; it fails")]
    private static partial void LogLost(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "reading job events from Redis failed ({Error}); retrying")]
    private static partial void LogOutage(ILogger logger, string error);
}
