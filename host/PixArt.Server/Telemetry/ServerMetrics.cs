using System.Diagnostics.Metrics;
using PixArt.Server.Jobs;

namespace PixArt.Server.Telemetry;

/// <summary>
/// The server's meters (meter <see cref="MeterName"/>, OpenTelemetry naming): jobs submitted, refused and finished, queue
/// wait, job and step durations, batch sizes, and the queue length and running jobs as gauges. HTTP request counts and
/// durations come from ASP.NET Core's own <c>Microsoft.AspNetCore.Hosting</c> meter. With <c>PixArt:Server:Prometheus</c>
/// both are scraped at <c>/metrics</c>.
/// </summary>
public sealed class ServerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "PixArt.Server";

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _jobDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public ServerMetrics(IMeterFactory meters, JobStore store)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("pixart.server.jobs.submitted", "{job}", "Jobs accepted into the queue.");
        _refused = meter.CreateCounter<long>("pixart.server.jobs.refused", "{job}", "Jobs refused: queue full (429) or shutting down (503).");
        _finished = meter.CreateCounter<long>("pixart.server.jobs.finished", "{job}", "Jobs finished, by final state.");
        _jobDuration = meter.CreateHistogram<double>("pixart.server.job.duration", "s", "Time from start to finish of a job that ran.");
        QueueTime = meter.CreateHistogram<double>("pixart.server.job.queue_time", "s", "Time a job waited in the queue.");
        StepDuration = meter.CreateHistogram<double>("pixart.server.step.duration", "s", "Duration of one denoising step of a pass.");
        BatchImages = meter.CreateHistogram<int>("pixart.server.batch.images", "{image}", "Images in one denoising pass.");
        meter.CreateObservableGauge("pixart.server.queue.length", () => store.QueuedCount, "{job}", "Jobs waiting in the queue.");
        meter.CreateObservableGauge("pixart.server.jobs.running", () => store.RunningCount, "{job}", "Jobs being generated.");
    }

    /// <summary>Queue wait per job.</summary>
    public Histogram<double> QueueTime { get; }

    /// <summary>Seconds per denoising step.</summary>
    public Histogram<double> StepDuration { get; }

    /// <summary>Images per pass.</summary>
    public Histogram<int> BatchImages { get; }

    /// <summary>Counts an accepted job.</summary>
    public void JobSubmitted() => _submitted.Add(1);

    /// <summary>Counts a refused job (<paramref name="reason"/>: <c>queue_full</c> or <c>shutting_down</c>).</summary>
    public void JobRefused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts a finished job and its run time.</summary>
    public void JobFinished(JobState state, double seconds)
    {
        var tag = new KeyValuePair<string, object?>("state", JobStates.Name(state));
        _finished.Add(1, tag);
        _jobDuration.Record(seconds, tag);
    }
}
