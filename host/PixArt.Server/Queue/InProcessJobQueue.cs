using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Worker;

namespace PixArt.Server.Queue;

/// <summary>
/// The embedded default queue: the jobs go straight into this process's <see cref="WorkerInbox"/>, and the
/// <see cref="JobStore"/> is the only record of them (nothing survives a restart).
/// </summary>
public sealed class InProcessJobQueue(WorkerInbox inbox, JobStore store, TimeProvider time) : IJobQueue
{
    /// <inheritdoc />
    public int Capacity => inbox.Capacity;

    /// <inheritdoc />
    /// <remarks>Always: nothing outside the process can be unreachable (a closed inbox answers <see cref="EnqueueResult.Closed"/>).</remarks>
    public bool IsAvailable => true;

    /// <inheritdoc />
    public Task<EnqueueResult> EnqueueAsync(Job job, ImageGenerationBody request, CancellationToken cancellationToken) =>
        Task.FromResult(inbox.TryEnqueue(job));

    /// <inheritdoc />
    public Task<CancelOutcome> CancelAsync(Job job, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Task.FromResult(job.RequestCancel(reason, time.GetUtcNow()));
    }

    /// <inheritdoc />
    public Task<Job?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult(store.Find(id));

    /// <inheritdoc />
    public Task RemoveAsync(Job job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        store.Remove(job.Id);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Close() => inbox.Close();
}
