using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PixArt.Server.Api;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// The API side of the Redis queue. Accepting a job writes, in one script, its hash (the validated request with its seed
/// fixed, so a retry makes the same images), its first event and its stream entry, refusing when the stream already holds
/// <see cref="ServerOptions.QueueCapacity"/> jobs. The node then follows the job's events (<see cref="RedisJobFollower"/>).
/// A job accepted by another API node is found in Redis and mirrored here on first request. Cancelling goes through Redis
/// to whichever worker holds the job. Redis being unreachable is answered as 503 (<see cref="QueueUnavailableException"/>),
/// never as a lost job: a job is accepted only once its entry is written.
/// </summary>
public sealed class RedisJobQueue(
    RedisConnection redis,
    JobStore store,
    RedisJobFollower follower,
    ImageRequestValidator validator,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : IJobQueue
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Job?>>> _loading = new(StringComparer.Ordinal);
    private volatile bool _closed;

    private RedisKeys Keys => redis.Keys;

    /// <inheritdoc />
    public int Capacity => options.Value.QueueCapacity;

    /// <inheritdoc />
    public bool IsAvailable => redis.IsConnected;

    /// <inheritdoc />
    public async Task<EnqueueResult> EnqueueAsync(Job job, ImageGenerationBody request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(request);
        // Shutting down: this node's follower stops, so it would not see the job through.
        if (_closed || lifetime.ApplicationStopping.IsCancellationRequested) return EnqueueResult.Closed;
        RedisResult position;
        try
        {
            position = await redis.Database.ScriptEvaluateAsync(RedisScripts.Enqueue, [Keys.Jobs, Keys.Job(job.Id), Keys.Events(job.Id)],
            [
                Capacity, job.Id, JsonSerializer.Serialize(request), job.PreviewEvery, RedisJobEvents.Time(job.CreatedAt),
            ]).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisRetry.IsTransient(e))
        {
            // A timeout can hide a script that ran: if the job was written, it was accepted.
            if (e is not RedisTimeoutException || !await ExistsAsync(job.Id).ConfigureAwait(false)) return EnqueueResult.Unavailable;
            position = RedisResult.Create((RedisValue)0);
        }
        if (position.IsNull) return EnqueueResult.Full;
        follower.Follow(job, "0-0");
        return EnqueueResult.Accepted;
    }

    /// <inheritdoc />
    public async Task<CancelOutcome> CancelAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = time.GetUtcNow();
        var outcome = await Call(() => redis.Database.ScriptEvaluateAsync(RedisScripts.Cancel, [Keys.Jobs, Keys.Job(job.Id), Keys.Events(job.Id)],
        [
            reason, RedisJobEvents.Time(now), options.Value.RetentionSeconds, Keys.Cancel.ToString(), job.Id,
        ])).ConfigureAwait(false);
        switch (outcome.ToString())
        {
            case "removed":
                job.RequestCancel(reason, now);
                return CancelOutcome.Removed;
            case "stopping":
                return CancelOutcome.Stopping;
            case "missing":
                // Expired in Redis: only the mirror is left.
                return job.RequestCancel(reason, now);
            default:
                return CancelOutcome.AlreadyFinished;
        }
    }

    /// <inheritdoc />
    public async Task<Job?> FindAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (store.Find(id) is { } local) return local;
        // One load per id at a time: two requests for the same unknown job must not apply its events twice.
        var loading = _loading.GetOrAdd(id, key => new Lazy<Task<Job?>>(() => LoadAsync(key)));
        try
        {
            return await loading.Value.ConfigureAwait(false);
        }
        finally
        {
            _loading.TryRemove(id, out _);
        }
    }

    /// <inheritdoc />
    /// <remarks>Best effort in Redis: keys left behind while it is unreachable expire after the retention anyway.</remarks>
    public async Task RemoveAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        store.Remove(job.Id);
        try
        {
            await redis.Database.KeyDeleteAsync([Keys.Job(job.Id), Keys.Events(job.Id), Keys.Images(job.Id)]).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisRetry.IsTransient(e))
        {
        }
    }

    /// <inheritdoc />
    public void Close() => _closed = true;

    private async Task<bool> ExistsAsync(string id)
    {
        try
        {
            return await redis.Database.KeyExistsAsync(Keys.Job(id)).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisRetry.IsTransient(e))
        {
            return false;
        }
    }

    // A job another node accepted: planned from its stored request, then brought up to date from its events.
    private async Task<Job?> LoadAsync(string id)
    {
        if (!id.StartsWith("job_", StringComparison.Ordinal)) return null;
        var fields = (await Call(() => redis.Database.HashGetAllAsync(Keys.Job(id))).ConfigureAwait(false)).ToDictionary(f => f.Name.ToString(), f => f.Value, StringComparer.Ordinal);
        if (!fields.TryGetValue("request", out var json)) return null;
        var body = JsonSerializer.Deserialize<ImageGenerationBody>(json.ToString()) ?? new ImageGenerationBody();
        var (request, _) = validator.Validate(body, job: true);
        if (request is null) return null; // accepted under another configuration: this node cannot describe it
        var created = long.TryParse(fields.GetValueOrDefault("created").ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : time.GetUtcNow();
        var previewEvery = int.TryParse(fields.GetValueOrDefault("preview_every").ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        // Brought up to date before it is registered: no request sees it half-built, and a failure leaves nothing behind.
        var job = store.Detached(id, request.Plan, previewEvery, created);
        RedisValue after = "0-0";
        foreach (var entry in await Call(() => redis.Database.StreamRangeAsync(Keys.Events(id))).ConfigureAwait(false))
        {
            await Call(() => follower.ApplyAsync(job, entry)).ConfigureAwait(false);
            after = entry.Id;
        }
        var registered = store.Add(job);
        if (ReferenceEquals(registered, job)) follower.Follow(job, after);
        return registered;
    }

    private static Task Call(Func<Task> call) => Call(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (RedisRetry.IsTransient(e))
        {
            throw QueueUnavailableException.From(e);
        }
    }
}
