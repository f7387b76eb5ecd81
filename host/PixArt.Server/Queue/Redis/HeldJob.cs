using PixArt.Server.Jobs;

namespace PixArt.Server.Queue.Redis;

/// <summary>A job this worker took from the stream: its local copy, the stream entry and the attempt it holds.</summary>
internal sealed class HeldJob(Job job, string entry, string attempt)
{
    /// <summary>The local job the generation worker runs.</summary>
    public Job Job { get; } = job;

    /// <summary>The stream entry (acknowledged when the job ends).</summary>
    public string Entry { get; } = entry;

    /// <summary>The attempt number this worker holds (the holder check of every write).</summary>
    public string Attempt { get; } = attempt;

    /// <summary>True once a client's cancellation reached this worker (so a shutdown does not requeue it).</summary>
    public bool CancelAsked { get; set; }

    /// <summary>True when the job must go back to the queue when it ends cancelled (this worker could not queue it locally).</summary>
    public bool HandBack { get; set; }

    /// <summary>The task that publishes the job's events and result.</summary>
    public Task Publishing { get; set; } = Task.CompletedTask;
}
