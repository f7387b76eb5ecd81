using System.ComponentModel.DataAnnotations;

namespace PixArt.Server.Options;

/// <summary>
/// Settings of <c>PixArt:Server:Queue</c>: which queue connects the API to the workers, and for Redis where it is and how
/// jobs are handed over, claimed after a crash and kept. <c>Type</c> is read by <see cref="QueueSection"/> (the framework's
/// binder keeps <c>Type</c> keys for component choice). docs/deployment.md explains each setting.
/// </summary>
public sealed class QueueOptions : IValidatableObject
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Server:Queue";

    /// <summary>The in-process bounded channel (default: one process is API and worker).</summary>
    public const string InProcess = "inprocess";

    /// <summary>A Redis stream with a consumer group, shared by many <c>pixart serve</c> processes.</summary>
    public const string Redis = "redis";

    /// <summary>Allowed values of <see cref="Type"/>.</summary>
    public static readonly IReadOnlyList<string> Types = [InProcess, Redis];

    /// <summary><c>inprocess</c> (default) or <c>redis</c>.</summary>
    public string Type { get; set; } = InProcess;

    /// <summary>StackExchange.Redis configuration string, e.g. <c>10.0.0.5:6379,password=...</c> (default <c>127.0.0.1:6379</c>).</summary>
    public string Connection { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key this server writes (the stream is <c>{prefix}:jobs</c>); servers sharing one prefix share the queue.</summary>
    public string KeyPrefix { get; set; } = "pixart";

    /// <summary>Consumer group of the workers on the stream.</summary>
    public string Group { get; set; } = "workers";

    /// <summary>This worker's name in the group and in <c>GET /v1/workers</c> (default: host name and process id). Unique per worker.</summary>
    public string? WorkerName { get; set; }

    /// <summary>
    /// Seconds a job taken by a worker may go without that worker's heartbeat before another worker claims it and runs it
    /// from the start (a crashed worker's job). Longer than a few heartbeats; shorter means faster recovery.
    /// </summary>
    [Range(1, 3600)]
    public int ClaimIdleSeconds { get; set; } = 30;

    /// <summary>Seconds between a worker's heartbeats (its entry in <c>/v1/workers</c>, and the touch that keeps its jobs claimed).</summary>
    [Range(1, 600)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Times a job is started at most (a worker dying mid-job costs one); then it fails with the reason.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Largest PNG a worker stores in Redis, in bytes; a larger image fails its job with this setting's name.</summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxImageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Milliseconds between polls of the stream by an idle worker, and of job events by the API (the client cannot block on a stream).</summary>
    [Range(5, 5000)]
    public int PollMilliseconds { get; set; } = 50;

    /// <summary>True for <c>redis</c>.</summary>
    public bool UsesRedis => Type == Redis;

    /// <summary>How long a job may go untouched before it is claimed.</summary>
    public TimeSpan ClaimIdle => TimeSpan.FromSeconds(ClaimIdleSeconds);

    /// <summary>Time between heartbeats.</summary>
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);

    /// <summary>Time between polls.</summary>
    public TimeSpan Poll => TimeSpan.FromMilliseconds(PollMilliseconds);

    /// <summary>The worker name: <see cref="WorkerName"/> or <c>host-pid</c>.</summary>
    public string ResolvedWorkerName => string.IsNullOrWhiteSpace(WorkerName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : WorkerName.Trim();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Connection))
            yield return new ValidationResult("a Redis address is required, e.g. 127.0.0.1:6379", [nameof(Connection)]);
        if (string.IsNullOrWhiteSpace(KeyPrefix) || KeyPrefix.Contains(' ', StringComparison.Ordinal))
            yield return new ValidationResult("a key prefix without spaces is required, e.g. pixart", [nameof(KeyPrefix)]);
        if (string.IsNullOrWhiteSpace(Group))
            yield return new ValidationResult("a consumer group name is required, e.g. workers", [nameof(Group)]);
        if (HeartbeatSeconds * 2 >= ClaimIdleSeconds)
            yield return new ValidationResult($"must be more than twice HeartbeatSeconds ({HeartbeatSeconds}), or a live worker's job could be claimed", [nameof(ClaimIdleSeconds)]);
    }
}
