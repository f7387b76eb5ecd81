using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// Every Redis key the server uses, under one prefix: the job stream and its consumer group, a hash per job (state, the
/// request, owner, attempts), a stream of events per job, a hash of images per job, the cancel channel, and the workers'
/// heartbeats. docs/deployment.md lists them for operators.
/// </summary>
public readonly record struct RedisKeys(string Prefix)
{
    /// <summary>The stream of jobs waiting for or held by a worker (one entry per job: <c>job</c> = id).</summary>
    public RedisKey Jobs => $"{Prefix}:jobs";

    /// <summary>A job's state hash.</summary>
    public RedisKey Job(string id) => $"{Prefix}:job:{id}";

    /// <summary>A job's events (the SSE stream's source).</summary>
    public RedisKey Events(string id) => $"{Prefix}:job:{id}:events";

    /// <summary>A job's images (field <c>k</c>: PNG bytes, <c>p{k}</c>: parameters as JSON).</summary>
    public RedisKey Images(string id) => $"{Prefix}:job:{id}:images";

    /// <summary>The set of worker names that sent a heartbeat.</summary>
    public RedisKey Workers => $"{Prefix}:workers";

    /// <summary>A worker's heartbeat (JSON, expires after a few missed beats).</summary>
    public RedisKey Worker(string name) => $"{Prefix}:worker:{name}";

    /// <summary>Channel carrying the ids of running jobs to cancel.</summary>
    public RedisChannel Cancel => RedisChannel.Literal($"{Prefix}:cancel");
}
