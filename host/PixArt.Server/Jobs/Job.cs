using PixArt.Hosting.Generation;

namespace PixArt.Server.Jobs;

/// <summary>What <see cref="Job.RequestCancel"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>The job was queued: it is cancelled and will not run.</summary>
    Removed,

    /// <summary>The job is running: it stops at the next step boundary.</summary>
    Stopping,

    /// <summary>The job had already finished.</summary>
    AlreadyFinished,
}

/// <summary>
/// One generation job: its validated plan, its state and the events of its life (replayable, for the event stream), its
/// images once every one of them is encoded (never part of them), and its cancellation. Thread-safe: request handlers
/// read and cancel it while the worker advances it.
/// </summary>
public sealed class Job
{
    private readonly object _gate = new();
    private readonly List<JobEvent> _events = [];
    // Never disposed: it has no timer or linked token, and a late RequestCancel on an evicted job must not throw.
    private readonly CancellationTokenSource _cancel = new();
    private readonly TaskCompletionSource<JobState> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JobState _state = JobState.Queued;
    private IReadOnlyList<JobImage> _images = [];

    /// <summary>A queued job.</summary>
    public Job(string id, long sequence, GenerationPlan plan, int previewEvery, DateTimeOffset createdAt)
    {
        Id = id;
        Sequence = sequence;
        Plan = plan;
        PreviewEvery = previewEvery;
        CreatedAt = createdAt;
    }

    /// <summary>The job id.</summary>
    public string Id { get; }

    /// <summary>Order of arrival (queue positions count the queued jobs with a smaller one).</summary>
    public long Sequence { get; }

    /// <summary>What to generate.</summary>
    public GenerationPlan Plan { get; }

    /// <summary>A preview every this many steps (0: none).</summary>
    public int PreviewEvery { get; }

    /// <summary>Images the job makes.</summary>
    public int ImageCount => Plan.Prompts.Count;

    /// <summary>When it was accepted.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When it started running.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>When it finished (completed, failed or cancelled).</summary>
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>The worker that runs or ran it (<see cref="Worker.WorkerIdentity.Name"/>), null while queued the first time.</summary>
    public string? WorkerName { get; private set; }

    /// <summary>Denoising steps done.</summary>
    public int Step { get; private set; }

    /// <summary>Denoising steps in all.</summary>
    public int TotalSteps => Plan.Steps;

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Message { get; private set; }

    /// <summary>Current state.</summary>
    public JobState State
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>True once completed, failed or cancelled.</summary>
    public bool IsFinished => JobStates.IsFinished(State);

    /// <summary>The images, all of them once completed; empty before and otherwise.</summary>
    public IReadOnlyList<JobImage> Images
    {
        get { lock (_gate) return _images; }
    }

    /// <summary>Cancelled when the client or shutdown asks the running job to stop.</summary>
    public CancellationToken CancellationToken => _cancel.Token;

    /// <summary>True once a cancellation was asked for.</summary>
    public bool CancellationRequested => _cancel.IsCancellationRequested;

    /// <summary>Completes with the final state.</summary>
    public Task<JobState> Finished => _finished.Task;

    /// <summary>Events from <paramref name="start"/> on.</summary>
    public IReadOnlyList<JobEvent> EventsFrom(int start)
    {
        lock (_gate) return start >= _events.Count ? [] : _events.GetRange(Math.Max(0, start), _events.Count - Math.Max(0, start));
    }

    /// <summary>Completes when the job has more than <paramref name="known"/> events (at once if it has).</summary>
    public Task WaitForEventsAsync(int known, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_events.Count > known) return Task.CompletedTask;
            changed = _changed.Task;
        }
        return changed.WaitAsync(cancellationToken);
    }

    /// <summary>Records acceptance at <paramref name="position"/> in the queue.</summary>
    public void MarkQueued(int position, DateTimeOffset at)
    {
        lock (_gate) Append(new JobEvent(0, JobEventKinds.Queued, at, 0, TotalSteps, position));
    }

    /// <summary>Cancels: a queued job at once, a running one at its next step boundary (the worker finishes it).</summary>
    public CancelOutcome RequestCancel(string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (JobStates.IsFinished(_state)) return CancelOutcome.AlreadyFinished;
            Message ??= reason;
            if (_state == JobState.Queued)
            {
                Finish(JobState.Cancelled, at, JobEventKinds.Cancelled, reason);
                return CancelOutcome.Removed;
            }
        }
        // Outside the lock: the worker's registrations run synchronously here.
        _cancel.Cancel();
        return CancelOutcome.Stopping;
    }

    /// <summary>Queued → running on <paramref name="worker"/>; false when the job is no longer queued (cancelled meanwhile).</summary>
    public bool TryStart(DateTimeOffset at, string worker)
    {
        lock (_gate)
        {
            if (_state != JobState.Queued) return false;
            _state = JobState.Running;
            StartedAt = at;
            Step = 0;
            WorkerName = worker;
            Append(new JobEvent(0, JobEventKinds.Started, at, 0, TotalSteps, Worker: worker));
            return true;
        }
    }

    /// <summary>
    /// Running → queued again, with <paramref name="reason"/> (a shared queue only: its worker stopped responding or shut
    /// down, and another one will run the job from the start).
    /// </summary>
    public void MarkRequeued(string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_state != JobState.Running) return;
            _state = JobState.Queued;
            Step = 0;
            Append(new JobEvent(0, JobEventKinds.Queued, at, 0, TotalSteps, Message: reason));
        }
    }

    /// <summary>Records a finished step, with a preview when one was made.</summary>
    public void ReportStep(int step, int total, DateTimeOffset at, byte[]? preview = null)
    {
        lock (_gate)
        {
            if (_state != JobState.Running) return;
            Step = step;
            Append(new JobEvent(0, JobEventKinds.Progress, at, step, total, Preview: preview));
        }
    }

    /// <summary>Running → completed with every image.</summary>
    public void Complete(IReadOnlyList<JobImage> images, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_state != JobState.Running) return;
            _images = images;
            Finish(JobState.Completed, at, JobEventKinds.Completed, null);
        }
    }

    /// <summary>Running → failed (or queued → failed, when a shared queue gave up on a job whose workers kept dying).</summary>
    public void Fail(string error, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (JobStates.IsFinished(_state)) return;
            Message = error;
            Finish(JobState.Failed, at, JobEventKinds.Failed, error);
        }
    }

    /// <summary>Running → cancelled (the worker stopped it or dropped its images), for <paramref name="reason"/> unless one was given already.</summary>
    public void MarkCancelled(DateTimeOffset at, string? reason = null)
    {
        lock (_gate)
        {
            if (_state != JobState.Running) return;
            Message ??= reason ?? "cancelled";
            Finish(JobState.Cancelled, at, JobEventKinds.Cancelled, Message);
        }
    }

    private void Finish(JobState state, DateTimeOffset at, string kind, string? message)
    {
        _state = state;
        FinishedAt = at;
        Append(new JobEvent(0, kind, at, Step, TotalSteps, Message: message));
        _finished.TrySetResult(state);
    }

    private void Append(JobEvent e)
    {
        _events.Add(e with { Sequence = _events.Count });
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
