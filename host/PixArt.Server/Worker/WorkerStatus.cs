namespace PixArt.Server.Worker;

/// <summary>Phases of the generation worker.</summary>
public enum WorkerPhase
{
    /// <summary>Not started yet.</summary>
    Starting,

    /// <summary>Loading the model and running the warm-up step.</summary>
    WarmingUp,

    /// <summary>Serving jobs.</summary>
    Ready,

    /// <summary>The model could not be loaded or the warm-up failed; the host stops.</summary>
    Failed,

    /// <summary>Shut down.</summary>
    Stopped,
}

/// <summary>Names of <see cref="WorkerPhase"/> as <c>/readyz</c> and <c>/v1/workers</c> write them.</summary>
public static class WorkerPhases
{
    /// <summary>The lower-case name, e.g. <c>warming-up</c>.</summary>
    public static string Name(WorkerPhase phase) => phase switch
    {
        WorkerPhase.Starting => "starting",
        WorkerPhase.WarmingUp => "warming-up",
        WorkerPhase.Ready => "ready",
        WorkerPhase.Failed => "failed",
        _ => "stopped",
    };
}

/// <summary>What the worker is doing, for <c>/readyz</c> and for estimates: its phase and how long a step takes.</summary>
public sealed class WorkerStatus
{
    private readonly object _gate = new();
    private double _secondsPerStep = double.NaN;

    /// <summary>The current phase.</summary>
    public WorkerPhase Phase { get; private set; } = WorkerPhase.Starting;

    /// <summary>
    /// The dtype the worker computes in (<c>PixArt:Runtime:DType</c> as resolved on this machine, e.g. <c>bfloat16</c> for
    /// <c>auto</c> on a CPU with native bf16); null until the model is loaded.
    /// </summary>
    public string? DType { get; private set; }

    /// <summary>Why the worker failed, when it did.</summary>
    public string? Error { get; private set; }

    /// <summary>True when the model is loaded and the warm-up step ran.</summary>
    public bool Ready => Phase == WorkerPhase.Ready;

    /// <summary>Records the dtype the loaded model computes in (<see cref="DType"/>).</summary>
    public void RecordDType(string dtype) => DType = dtype;

    /// <summary>Moves to <paramref name="phase"/>.</summary>
    public void Enter(WorkerPhase phase, string? error = null)
    {
        Phase = phase;
        if (error is not null) Error = error;
    }

    /// <summary>Recent seconds per denoising step of a pass (moving average), NaN before the first step.</summary>
    public double SecondsPerStep
    {
        get { lock (_gate) return _secondsPerStep; }
    }

    /// <summary>Adds a measured step.</summary>
    public void RecordStep(double seconds)
    {
        lock (_gate) _secondsPerStep = double.IsNaN(_secondsPerStep) ? seconds : 0.8 * _secondsPerStep + 0.2 * seconds;
    }
}
