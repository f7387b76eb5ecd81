using PixArt.Hosting.Generation;
using PixArt.Server.Api;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Queue;
using PixArt.Server.Telemetry;
using PixArt.Server.Worker;

namespace PixArt.Server.Jobs;

/// <summary>
/// Puts validated requests on the queue (<see cref="IJobQueue"/>) for the HTTP endpoints and <see cref="AI.PixArtImageGenerator"/>
/// alike: registers the job, records its queue position, and refuses at once when the queue is full, closed or unreachable.
/// </summary>
public sealed class JobSubmitter(JobStore store, IJobQueue queue, WorkerStatus status, ServerMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// The queued job, or null with the reason (<see cref="EnqueueResult.Full"/>, <see cref="EnqueueResult.Closed"/> or
    /// <see cref="EnqueueResult.Unavailable"/>). <paramref name="body"/> is the request <paramref name="request"/> was
    /// validated from; its seed is fixed to the plan's before it is queued, so any worker makes the same images.
    /// <paramref name="previewEvery"/>: previews every N steps (0 for callers that wait for the images only).
    /// </summary>
    public async Task<(EnqueueResult Result, Job? Job)> SubmitAsync(ValidatedRequest request, ImageGenerationBody body, int previewEvery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(body);
        var plan = request.Plan;
        var job = store.Create(plan, previewEvery);
        // Recorded before the worker can see the job, so "queued" is always its first event.
        job.MarkQueued(store.Position(job), time.GetUtcNow());
        var result = await queue.EnqueueAsync(job, body with { Seed = plan.Seeds[0], PreviewEvery = previewEvery }, cancellationToken).ConfigureAwait(false);
        if (result != EnqueueResult.Accepted)
        {
            store.Remove(job.Id);
            metrics.JobRefused(result switch
            {
                EnqueueResult.Full => "queue_full",
                EnqueueResult.Unavailable => "queue_unavailable",
                _ => "shutting_down",
            });
            return (result, null);
        }
        metrics.JobSubmitted();
        return (result, job);
    }

    /// <summary>Seconds a refused client should wait: about one pass of <paramref name="plan"/>, 1 to 120.</summary>
    public int RetryAfterSeconds(GenerationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var perStep = status.SecondsPerStep;
        return double.IsNaN(perStep) ? 5 : (int)Math.Clamp(Math.Ceiling(perStep * plan.Steps), 1, 120);
    }

    /// <summary>
    /// Estimated seconds until <paramref name="job"/> finishes: its remaining steps, plus for a queued job the steps of the
    /// jobs ahead of it (batching can only make it sooner). Null before a step was timed or once finished.
    /// </summary>
    public double? EtaSeconds(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var perStep = status.SecondsPerStep;
        if (double.IsNaN(perStep) || job.IsFinished) return null;
        var steps = (double)(job.TotalSteps - job.Step);
        if (job.State == JobState.Queued)
            steps += store.All.Where(j => j.Sequence < job.Sequence && j.State is JobState.Queued or JobState.Running).Sum(j => j.TotalSteps - j.Step);
        return Math.Round(steps * perStep, 2);
    }
}
