using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PixArt.Hosting.Generation;
using PixArt.Server.Options;

namespace PixArt.Server.Jobs;

/// <summary>
/// Every job the server knows: queued, running, and finished ones until they are evicted (older than
/// <see cref="ServerOptions.RetentionSeconds"/>, or beyond <see cref="ServerOptions.MaxRetainedJobs"/> finished jobs, oldest
/// first). Queued and running jobs are never evicted, so memory is bounded by the queue capacity, the batch, and the
/// retained jobs with their images.
/// </summary>
public sealed class JobStore(IOptions<ServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>A new queued job for <paramref name="plan"/>, registered here.</summary>
    public Job Create(GenerationPlan plan, int previewEvery)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var job = new Job(NewId(), Interlocked.Increment(ref _sequence), plan, previewEvery, time.GetUtcNow());
        _jobs[job.Id] = job;
        return job;
    }

    /// <summary>
    /// Registers a queued job that was accepted elsewhere under <paramref name="id"/> (a shared queue: a worker's copy of the
    /// job it took). An existing job with that id is returned as is.
    /// </summary>
    public Job Adopt(string id, GenerationPlan plan, int previewEvery, DateTimeOffset createdAt) => Add(Detached(id, plan, previewEvery, createdAt));

    /// <summary>
    /// A queued job under <paramref name="id"/> that is not registered yet (an API node's mirror of a job another node
    /// accepted, brought up to date before anyone can see it); <see cref="Add"/> registers it.
    /// </summary>
    public Job Detached(string id, GenerationPlan plan, int previewEvery, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(plan);
        return new Job(id, Interlocked.Increment(ref _sequence), plan, previewEvery, createdAt);
    }

    /// <summary>Registers <paramref name="job"/>, or returns the job already registered under its id.</summary>
    public Job Add(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _jobs.GetOrAdd(job.Id, job);
    }

    /// <summary>The job with <paramref name="id"/>, if known.</summary>
    public Job? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>Forgets a job (a finished one, or one the queue refused).</summary>
    public bool Remove(string id) => _jobs.TryRemove(id, out _);

    /// <summary>Every known job.</summary>
    public IEnumerable<Job> All => _jobs.Values;

    /// <summary>Jobs waiting in the queue.</summary>
    public int QueuedCount => _jobs.Values.Count(j => j.State == JobState.Queued);

    /// <summary>Jobs being generated.</summary>
    public int RunningCount => _jobs.Values.Count(j => j.State == JobState.Running);

    /// <summary>1-based position of a queued job among the queued ones (0 when it is not queued).</summary>
    public int Position(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.State != JobState.Queued) return 0;
        return 1 + _jobs.Values.Count(j => j.Sequence < job.Sequence && j.State == JobState.Queued);
    }

    /// <summary>Evicts finished jobs past their retention, then the oldest finished beyond the retained count; returns how many.</summary>
    public int Evict()
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var finished = _jobs.Values.Where(j => j.IsFinished && j.FinishedAt is not null).OrderBy(j => j.FinishedAt).ToList();
        var evicted = 0;
        foreach (var job in finished)
        {
            var expired = now - job.FinishedAt!.Value >= settings.Retention;
            var overCount = finished.Count - evicted > settings.MaxRetainedJobs;
            if ((expired || overCount) && _jobs.TryRemove(job.Id, out _)) evicted++;
        }
        return evicted;
    }

    // Unguessable: with keys off (loopback only) an id is the only handle on a job's images.
    private static string NewId() => "job_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
