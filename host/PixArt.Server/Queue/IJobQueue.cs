using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;

namespace PixArt.Server.Queue;

/// <summary>What <see cref="IJobQueue.EnqueueAsync"/> did.</summary>
public enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Accepted,

    /// <summary>The queue is full (429).</summary>
    Full,

    /// <summary>The server is shutting down (503).</summary>
    Closed,

    /// <summary>The shared queue (Redis) cannot be reached now (503; retry later).</summary>
    Unavailable,
}

/// <summary>
/// Where accepted jobs wait for a worker, and where the API finds, cancels and forgets them. Two implementations, chosen by
/// <c>PixArt:Server:Queue:Type</c>: <see cref="InProcessJobQueue"/> (the embedded default: a bounded channel in front of this
/// process's worker) and <see cref="Redis.RedisJobQueue"/> (a Redis stream that many <c>pixart serve</c> workers consume;
/// docs/deployment.md). The API side works on <see cref="Job"/> objects either way: with Redis they mirror the state a
/// worker elsewhere publishes.
/// </summary>
public interface IJobQueue
{
    /// <summary>Jobs the queue holds at most (queued and, for Redis, running ones too).</summary>
    int Capacity { get; }

    /// <summary>False while the queue's shared store (Redis) is unreachable; <c>/readyz</c> reports it.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Queues <paramref name="job"/>, already registered in the store with its first (queued) event. <paramref name="request"/>
    /// is the validated body with the seed fixed, from which a remote worker plans the same job again.
    /// </summary>
    Task<EnqueueResult> EnqueueAsync(Job job, ImageGenerationBody request, CancellationToken cancellationToken);

    /// <summary>Cancels: a queued job at once, a running one at its next step boundary wherever it runs.</summary>
    /// <exception cref="QueueUnavailableException">Redis is unreachable (the API answers 503).</exception>
    Task<CancelOutcome> CancelAsync(Job job, string reason, CancellationToken cancellationToken);

    /// <summary>The job with <paramref name="id"/>, from this process or (Redis) from the shared state; null when unknown.</summary>
    /// <exception cref="QueueUnavailableException">Redis is unreachable (the API answers 503).</exception>
    Task<Job?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Forgets a finished job and its images.</summary>
    Task RemoveAsync(Job job, CancellationToken cancellationToken);

    /// <summary>Stops accepting (shutdown).</summary>
    void Close();
}

/// <summary>Helpers on <see cref="IJobQueue"/>.</summary>
public static class JobQueueExtensions
{
    /// <summary>
    /// Cancels for a caller that is already leaving (a client that went away, a cancelled call): an unreachable Redis is not
    /// its problem, so it is swallowed; the job then runs to its end and is kept for the retention.
    /// </summary>
    public static async Task CancelLeavingAsync(this IJobQueue queue, Job job, string reason)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            await queue.CancelAsync(job, reason, CancellationToken.None).ConfigureAwait(false);
        }
        catch (QueueUnavailableException)
        {
        }
    }
}
