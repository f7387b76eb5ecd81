using System.Text.Json;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Worker;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// The workers whose heartbeat (<see cref="RedisJobConsumer"/>) has not expired; names whose heartbeat expired are dropped
/// from the set as they are found.
/// </summary>
public sealed class RedisWorkerDirectory(RedisConnection redis) : IWorkerDirectory
{
    /// <inheritdoc />
    /// <exception cref="QueueUnavailableException">Redis is unreachable (the API answers 503).</exception>
    public async Task<IReadOnlyList<WorkerResource>> ListAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (RedisRetry.IsTransient(e))
        {
            throw QueueUnavailableException.From(e);
        }
    }

    private async Task<IReadOnlyList<WorkerResource>> ReadAsync()
    {
        var keys = redis.Keys;
        var names = (await redis.Database.SetMembersAsync(keys.Workers).ConfigureAwait(false)).Select(n => n.ToString()).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return [];
        var beats = await redis.Database.StringGetAsync(names.Select(n => keys.Worker(n)).ToArray()).ConfigureAwait(false);
        var workers = new List<WorkerResource>();
        for (var i = 0; i < names.Count; i++)
        {
            if (beats[i].IsNull)
            {
                await redis.Database.SetRemoveAsync(keys.Workers, names[i]).ConfigureAwait(false);
                continue;
            }
            if (JsonSerializer.Deserialize<WorkerResource>(beats[i].ToString()) is { } worker) workers.Add(worker);
        }
        return workers;
    }
}
