using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Server.Api;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Worker;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// A worker's end of the Redis stream: once the model is warm it takes jobs from the consumer group (no more than a batch
/// ahead of what it runs, so a burst spreads over the workers), claims jobs whose worker stopped sending heartbeats for
/// <see cref="QueueOptions.ClaimIdleSeconds"/> (run again from the start: same request, same seed, same images), plans each
/// job from its request and hands it to the <see cref="GenerationWorker"/> through the <see cref="WorkerInbox"/>. Every
/// <see cref="QueueOptions.HeartbeatSeconds"/> it touches the entries it holds (so no one claims them), checks them for
/// cancellations and writes its heartbeat for <c>GET /v1/workers</c>. Cancellations also arrive at once on the cancel channel.
/// </summary>
public sealed partial class RedisJobConsumer(
    RedisConnection redis,
    RedisJobPublisher publisher,
    [FromKeyedServices(WorkerJobs.Key)] JobStore store,
    WorkerInbox inbox,
    ImageRequestValidator validator,
    WorkerStatus status,
    WorkerIdentity identity,
    WorkerDescriptions describe,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RedisJobConsumer> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, HeldJob> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon = new();
    private DateTime _lastClaim;
    private RedisValue _claimCursor = "0-0";
    private readonly OutageLog _outage = new();

    private QueueOptions Queue => redis.Settings;

    private RedisKeys Keys => redis.Keys;

    private IDatabase Database => redis.Database;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RedisRetry.UntilDoneAsync(() => RedisJobGroup.EnsureAsync(redis), Error, stoppingToken).ConfigureAwait(false);
        await redis.Subscriber.SubscribeAsync(Keys.Cancel, (_, id) => CancelHeld(id.ToString())).ConfigureAwait(false);
        using var beats = new CancellationTokenSource();
        var heartbeat = HeartbeatLoopAsync(beats.Token);
        try
        {
            // Jobs are taken only once the model is loaded and warm: a worker still starting takes nothing from others.
            while (!status.Ready)
            {
                if (status.Phase is WorkerPhase.Failed or WorkerPhase.Stopped) return;
                await Task.Delay(Queue.Poll, stoppingToken).ConfigureAwait(false);
            }
            // Nothing more is taken once the host stops: what is held finishes or goes back to the queue.
            while (!stoppingToken.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                var took = 0;
                try
                {
                    took = await TakeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A worker survives any Redis answer: it logs, pauses and tries again (a lost group is made again).
                    Error(e);
                    if (RedisRetry.IsMissingGroup(e)) await RedisRetry.UntilDoneAsync(() => RedisJobGroup.EnsureAsync(redis), Error, stoppingToken).ConfigureAwait(false);
                    await Task.Delay(RedisRetry.Pause, stoppingToken).ConfigureAwait(false);
                }
                if (took == 0) await Task.Delay(Queue.Poll, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Whatever this worker holds is finished, published or handed back before it leaves (or left pending for
            // another worker to claim, once the host's shutdown timeout abandons it).
            await Task.WhenAll(_held.Values.Select(h => h.Publishing)).ConfigureAwait(false);
            await beats.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            try
            {
                await Database.KeyDeleteAsync(Keys.Worker(identity.Name)).ConfigureAwait(false);
            }
            catch (Exception e) when (RedisRetry.IsTransient(e))
            {
                Error(e); // it expires after three missed beats anyway
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var timeout = cancellationToken.Register(_abandon.Cancel);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abandon.Dispose();
        base.Dispose();
    }

    // Claims jobs of workers that stopped responding (first: they are the oldest), then reads new entries, never more than
    // a batch ahead of what this worker runs nor more than its inbox has room for; returns how many it took.
    private async Task<int> TakeAsync()
    {
        var room = Math.Min(Math.Max(1, options.Value.MaxBatchSize) - _held.Values.Count(h => !h.Job.IsFinished), inbox.Capacity - inbox.Count);
        if (room <= 0) return 0;
        var took = 0;
        // No claims for ClaimIdle after (re)connecting: after a Redis outage every entry looks idle, and the live workers
        // must get the chance to touch theirs before anyone takes them over.
        if (DateTime.UtcNow - _lastClaim > Queue.Heartbeat / 2 && DateTime.UtcNow - redis.ConnectedAt > Queue.ClaimIdle)
        {
            _lastClaim = DateTime.UtcNow;
            var result = await Database.StreamAutoClaimAsync(Keys.Jobs, Queue.Group, identity.Name, (long)Queue.ClaimIdle.TotalMilliseconds, _claimCursor, room).ConfigureAwait(false);
            // The cursor walks the whole pending list over successive calls, and starts again at its end.
            _claimCursor = result.NextStartId.IsNullOrEmpty ? "0-0" : result.NextStartId;
            foreach (var entry in result.ClaimedEntries) took += await StartAsync(entry, claimed: true).ConfigureAwait(false) ? 1 : 0;
            room -= result.ClaimedEntries.Length;
        }
        if (room <= 0) return took;
        var entries = await Database.StreamReadGroupAsync(Keys.Jobs, Queue.Group, identity.Name, StreamPosition.NewMessages, room).ConfigureAwait(false);
        foreach (var entry in entries) took += await StartAsync(entry, claimed: false).ConfigureAwait(false) ? 1 : 0;
        return took;
    }

    // Takes the job of one entry (true), or acknowledges a stale one, or fails one that cannot run here (false).
    private async Task<bool> StartAsync(StreamEntry entry, bool claimed)
    {
        var id = entry["job"].ToString();
        if (string.IsNullOrEmpty(id) || _held.ContainsKey(id)) return false;
        var now = time.GetUtcNow();
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(RedisScripts.Claim, [Keys.Jobs, Keys.Job(id), Keys.Events(id)],
        [
            identity.Name, entry.Id, Queue.MaxAttempts, RedisJobEvents.Time(now), Queue.Group, options.Value.RetentionSeconds,
        ]).ConfigureAwait(false))!;
        switch (result[0].ToString())
        {
            case "skip":
                return false;
            case "failed":
                LogGaveUp(logger, id, result[1].ToString());
                return false;
        }
        var attempt = result[1].ToString();
        if (claimed) LogClaimed(logger, id, attempt);
        ImageGenerationBody? body;
        try
        {
            body = JsonSerializer.Deserialize<ImageGenerationBody>(result[2].ToString());
        }
        catch (JsonException e)
        {
            body = null;
            LogUnreadable(logger, id, e.Message);
        }
        var (request, errors) = body is null ? (null, new() { ["request"] = ["is not a request this version can read"] }) : validator.Validate(body, job: true);
        if (request is null)
        {
            // Another version or configuration than the API node's (limits, samplers, model): it cannot run here.
            var problems = string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
            await publisher.FailAsync(id, entry.Id!, attempt, $"worker {identity.Name} cannot run this request: {problems}").ConfigureAwait(false);
            return false;
        }
        var previewEvery = int.Parse(result[3].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(result[4].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture));
        var job = store.Adopt(id, request.Plan, previewEvery, created);
        var held = new HeldJob(job, entry.Id!, attempt);
        _held[id] = held;
        held.Publishing = PublishThenForgetAsync(held);
        if (result[5].ToString() is { Length: > 0 } reason) Cancel(held, reason);
        // Refused only when the inbox closed (shutdown): the publisher hands the job back to the queue.
        if (inbox.TryEnqueue(job) != EnqueueResult.Accepted)
        {
            held.HandBack = true;
            job.RequestCancel(GenerationWorker.ShutdownReason, time.GetUtcNow());
        }
        return true;
    }

    private async Task PublishThenForgetAsync(HeldJob held)
    {
        try
        {
            await publisher.PublishAsync(held, _abandon.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            LogAbandoned(logger, held.Job.Id);
        }
        catch (Exception e)
        {
            LogPublishFailed(logger, e, held.Job.Id);
        }
        finally
        {
            _held.TryRemove(held.Job.Id, out _);
            store.Remove(held.Job.Id);
        }
    }

    // Beats until the held jobs are done (a finishing pass must not be claimed by others), then stops with beats.
    private async Task HeartbeatLoopAsync(CancellationToken beats)
    {
        while (!beats.IsCancellationRequested)
        {
            try
            {
                await BeatAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Never ends the beats: a worker that stopped beating would see its jobs taken while it runs them.
                Error(e);
            }
            try
            {
                await Task.Delay(Queue.Heartbeat, time, beats).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (beats.IsCancellationRequested)
            {
            }
        }
    }

    private async Task BeatAsync()
    {
        var held = _held.Values.ToList();
        if (held.Count > 0)
        {
            // Resets the entries' idle time: another worker claims only entries idle for ClaimIdleSeconds.
            await Database.StreamClaimIdsOnlyAsync(Keys.Jobs, Queue.Group, identity.Name, 0, held.Select(h => (RedisValue)h.Entry).ToArray()).ConfigureAwait(false);
            foreach (var h in held.Where(h => !h.CancelAsked))
                if (await Database.HashGetAsync(Keys.Job(h.Job.Id), "cancel").ConfigureAwait(false) is { IsNull: false } reason) Cancel(h, reason.ToString());
        }
        var description = describe.Local();
        var beat = JsonSerializer.Serialize(description with { LastSeen = time.GetUtcNow() });
        await Database.StringSetAsync(Keys.Worker(identity.Name), beat, Queue.Heartbeat * 3).ConfigureAwait(false);
        await Database.SetAddAsync(Keys.Workers, identity.Name).ConfigureAwait(false);
    }

    private void CancelHeld(string id)
    {
        if (!_held.TryGetValue(id, out var held)) return;
        // The reason is in the job's hash; the next heartbeat reads it, the local job stops now.
        Cancel(held, "cancelled by the client");
    }

    private void Cancel(HeldJob held, string reason)
    {
        held.CancelAsked = true;
        held.Job.RequestCancel(reason, time.GetUtcNow());
    }

    private void Error(Exception e)
    {
        if (_outage.Due()) LogRedisError(logger, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Id}: its stored request cannot be read ({Error}); it fails")]
    private static partial void LogUnreadable(ILogger logger, string id, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis refused or did not answer ({Error}); this worker retries")]
    private static partial void LogRedisError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Id}: claimed from a worker that stopped responding; attempt {Attempt}, from the start")]
    private static partial void LogClaimed(ILogger logger, string id, string attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Id} failed: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {Id}: left pending at shutdown (the shutdown timeout passed); another worker will claim it")]
    private static partial void LogAbandoned(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Id}: publishing to Redis failed; the entry stays pending for another worker")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string id);
}
