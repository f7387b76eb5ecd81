using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;
using PixArt.Hosting.Runtime;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Telemetry;

namespace PixArt.Server.Worker;

/// <summary>
/// The one worker that owns the device: on its own thread (TorchSharp dispose scopes and grad mode are per thread, and a
/// pass blocks), it loads the model, runs a warm-up step, then takes jobs from the <see cref="WorkerInbox"/>, batches the
/// compatible ones (<see cref="BatchAssembler"/>, waiting up to <see cref="ServerOptions.BatchWindowMs"/> after the oldest
/// arrived), runs each batch as one pass and publishes every image only once all are encoded. At shutdown the queue closes,
/// queued jobs are cancelled, and the running pass finishes or stops at its next step (<see cref="ServerOptions.ShutdownMode"/>,
/// and always once the host's shutdown timeout has passed). With a shared queue the jobs shutdown cancels are handed back to
/// it for another worker (<see cref="Queue.Redis.RedisJobPublisher"/>).
/// </summary>
public sealed partial class GenerationWorker(
    WorkerInbox queue,
    [FromKeyedServices(WorkerJobs.Key)] JobStore store,
    WorkerIdentity identity,
    WorkerStatus status,
    ServerMetrics metrics,
    IServiceProvider services,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<GenerationWorker> logger) : BackgroundService
{
    /// <summary>Reason given to jobs cancelled by shutdown.</summary>
    public const string ShutdownReason = "the server is shutting down";

    // Read when used, not at construction: the host constructs every hosted service before the first one (the PixArt
    // start-up check, which reports every configuration problem with its key) runs.
    private ServerOptions Settings => options.Value;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopping = lifetime.ApplicationStopping.Register(OnStopping);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
            finally
            {
                stopping.Dispose();
                status.Enter(status.Phase == WorkerPhase.Failed ? WorkerPhase.Failed : WorkerPhase.Stopped);
            }
        })
        { Name = "pixart-generation", IsBackground = true };
        thread.Start();
        return done.Task;
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Past the host's shutdown timeout a running pass stops at its next step, in finish mode too.
        await using var timeout = cancellationToken.Register(() => CancelRunning("the server's shutdown timeout passed"));
        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        // A host disposed without being stopped: stop the running pass at its next step, before the model goes away.
        CancelRunning(ShutdownReason);
        base.Dispose();
    }

    private void Run(CancellationToken stopping)
    {
        WarmUp();
        var pending = new List<Job>();
        while (!stopping.IsCancellationRequested)
        {
            if (pending.Count == 0 && !WaitForJobs(Timeout.InfiniteTimeSpan, stopping)) break;
            Drain(pending);
            pending.RemoveAll(j => j.IsFinished);
            if (pending.Count == 0) continue;
            var batch = Assemble(pending, stopping);
            pending.RemoveAll(batch.Contains);
            RunBatch(batch);
            store.Evict();
        }
        // Whatever is left was accepted but will not run.
        Drain(pending, int.MaxValue);
        foreach (var job in pending) job.RequestCancel(ShutdownReason, time.GetUtcNow());
    }

    private int Lookahead => Math.Max(16, Settings.MaxBatchSize * 4);

    private void Drain(List<Job> pending, int? limit = null)
    {
        while (pending.Count < (limit ?? Lookahead) && queue.Reader.TryRead(out var job))
            if (!job.IsFinished) pending.Add(job);
    }

    // Blocks this (dedicated) thread until a job can be read: false when the queue is closed and empty, when
    // stopping, or after a finite wait with nothing new.
    private bool WaitForJobs(TimeSpan wait, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (wait != Timeout.InfiniteTimeSpan) cancel.CancelAfter(wait);
        try
        {
            return queue.Reader.WaitToReadAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IReadOnlyList<Job> Assemble(List<Job> pending, CancellationToken stopping)
    {
        var max = Settings.MaxBatchSize;
        while (true)
        {
            var batch = BatchAssembler.Pick(pending, max);
            if (max <= 1 || BatchAssembler.Images(batch) >= max || queue.IsClosed || pending.Count >= Lookahead) return batch;
            // The oldest job waits for companions at most the window after it arrived.
            var wait = batch[0].CreatedAt + Settings.BatchWindow - time.GetUtcNow();
            if (wait <= TimeSpan.Zero || !WaitForJobs(wait, stopping)) return batch;
            Drain(pending);
        }
    }

    private void RunBatch(IReadOnlyList<Job> batch)
    {
        var now = time.GetUtcNow();
        var jobs = batch.Where(j => j.TryStart(now, identity.Name)).ToList();
        if (jobs.Count == 0) return;
        foreach (var job in jobs) metrics.QueueTime.Record((now - job.CreatedAt).TotalSeconds);
        var images = BatchAssembler.Images(jobs);
        metrics.BatchImages.Record(images);
        LogBatch(logger, jobs.Count, images, jobs[0].Plan.Steps, jobs[0].Plan.Size.OutputWidth, jobs[0].Plan.Size.OutputHeight);

        // The pass stops between steps once every job in it is cancelled; a job cancelled while others go on is marked
        // cancelled at the next step and its images are dropped.
        using var pass = new CancellationTokenSource();
        var registrations = jobs.Select(j => j.CancellationToken.Register(() =>
        {
            if (jobs.All(x => x.CancellationRequested)) pass.Cancel();
        })).ToList();
        try
        {
            var service = services.GetRequiredService<GenerationService>();
            var results = service.RunBatch(jobs.Select(j => j.Plan).ToList(), null, StepReporter(jobs), pass.Token);
            try
            {
                for (var k = 0; k < jobs.Count; k++)
                {
                    if (jobs[k].CancellationRequested) continue;
                    var encoded = results[k].Select((image, i) => new JobImage(i, PngImageWriter.Encode(image.Pixels, image.Parameters.ToTextChunks()), image.Parameters)).ToList();
                    jobs[k].Complete(encoded, time.GetUtcNow());
                }
            }
            finally
            {
                foreach (var image in results.SelectMany(r => r)) image.Dispose();
            }
        }
        catch (OperationCanceledException) when (pass.IsCancellationRequested)
        {
            LogCancelled(logger, jobs.Count);
        }
        catch (Exception e)
        {
            LogFailed(logger, e, jobs.Count);
            foreach (var job in jobs) job.Fail($"generation failed: {e.Message}", time.GetUtcNow());
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
            var end = time.GetUtcNow();
            foreach (var job in jobs)
            {
                job.MarkCancelled(end); // no-op unless cancellation left it running
                metrics.JobFinished(job.State, (end - (job.StartedAt ?? end)).TotalSeconds);
            }
        }
    }

    private DenoisingStepObserver StepReporter(IReadOnlyList<Job> jobs)
    {
        var rows = new int[jobs.Count];
        for (var k = 1; k < jobs.Count; k++) rows[k] = rows[k - 1] + jobs[k - 1].ImageCount;
        var last = Stopwatch.GetTimestamp();
        return (step, total, latents) =>
        {
            var seconds = Stopwatch.GetElapsedTime(last).TotalSeconds;
            last = Stopwatch.GetTimestamp();
            status.RecordStep(seconds);
            metrics.StepDuration.Record(seconds);
            var now = time.GetUtcNow();
            for (var k = 0; k < jobs.Count; k++)
            {
                var job = jobs[k];
                if (job.CancellationRequested)
                {
                    job.MarkCancelled(now);
                    continue;
                }
                var preview = job.PreviewEvery > 0 && step % job.PreviewEvery == 0 && step < total ? LatentPreview.Render(latents, rows[k]) : null;
                job.ReportStep(step, total, now, preview);
            }
        };
    }

    private void WarmUp()
    {
        status.Enter(WorkerPhase.WarmingUp);
        var watch = Stopwatch.StartNew();
        try
        {
            var service = services.GetRequiredService<GenerationService>(); // loads the model, once
            status.RecordDType(RuntimeOptions.DTypeName(services.GetRequiredService<IRuntimeContext>().DType));
            if (Settings.WarmUp)
            {
                var side = service.Model.Description.SizeMultiple;
                var plan = services.GetRequiredService<GenerationPlanner>().Plan(new GenerationRequest
                {
                    Prompts = [""], Steps = 1, Seed = 0, ImagesPerPrompt = 1, Width = side, Height = side,
                });
                var run = Stopwatch.StartNew();
                foreach (var image in service.Run(plan)) image.Dispose();
                status.RecordStep(run.Elapsed.TotalSeconds); // a first (high) estimate for Retry-After and ETAs
            }
            status.Enter(WorkerPhase.Ready);
            LogReady(logger, service.Model.Name, status.DType!, watch.Elapsed.TotalSeconds);
        }
        catch (Exception e)
        {
            status.Enter(WorkerPhase.Failed, e.Message);
            LogWarmUpFailed(logger, e);
            throw;
        }
    }

    private void OnStopping()
    {
        queue.Close();
        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var job in store.All.Where(j => j.State == JobState.Queued).ToList())
            if (job.RequestCancel(ShutdownReason, now) == CancelOutcome.Removed) queued++;
        if (Settings.CancelRunningAtShutdown) CancelRunning(ShutdownReason);
        LogStopping(logger, queued, Settings.ShutdownMode);
    }

    private void CancelRunning(string reason)
    {
        var now = time.GetUtcNow();
        foreach (var job in store.All.Where(j => j.State == JobState.Running).ToList()) job.RequestCancel(reason, now);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model {Model} loaded ({DType}) and warmed up in {Seconds:F1} s: ready")]
    private static partial void LogReady(ILogger logger, string model, string dtype, double seconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "the model could not be loaded or warmed up; the server stops")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "pass: {Jobs} job(s), {Images} image(s), {Steps} steps at {Width}x{Height}")]
    private static partial void LogBatch(ILogger logger, int jobs, int images, int steps, int width, int height);

    [LoggerMessage(Level = LogLevel.Information, Message = "pass of {Jobs} job(s) cancelled between steps")]
    private static partial void LogCancelled(ILogger logger, int jobs);

    [LoggerMessage(Level = LogLevel.Error, Message = "pass of {Jobs} job(s) failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, int jobs);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopping: queue closed, {Queued} queued job(s) cancelled, running jobs: {Mode}")]
    private static partial void LogStopping(ILogger logger, int queued, string mode);
}
