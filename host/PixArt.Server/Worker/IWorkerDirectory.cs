using PixArt.Server.Api.Contracts;

namespace PixArt.Server.Worker;

/// <summary>The workers serving this API: this process's own (in-process queue) or every one with a recent heartbeat in Redis.</summary>
public interface IWorkerDirectory
{
    /// <summary>The workers, by name.</summary>
    Task<IReadOnlyList<WorkerResource>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>The in-process queue's one worker.</summary>
public sealed class LocalWorkerDirectory(WorkerDescriptions describe) : IWorkerDirectory
{
    /// <inheritdoc />
    public Task<IReadOnlyList<WorkerResource>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WorkerResource>>([describe.Local()]);
}
