namespace PixArt.Server.Jobs;

/// <summary>Where a job is: queued → running → completed, failed or cancelled (a queued job can be cancelled directly).</summary>
public enum JobState
{
    /// <summary>Waiting in the queue.</summary>
    Queued,

    /// <summary>Being generated (alone or in a batch).</summary>
    Running,

    /// <summary>Finished with every image.</summary>
    Completed,

    /// <summary>Stopped by an error; no image.</summary>
    Failed,

    /// <summary>Cancelled by the client or by shutdown; no image.</summary>
    Cancelled,
}

/// <summary>Names of <see cref="JobState"/> as the API writes them.</summary>
public static class JobStates
{
    /// <summary>The lower-case name, e.g. <c>running</c>.</summary>
    public static string Name(JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Completed => "completed",
        JobState.Failed => "failed",
        _ => "cancelled",
    };

    /// <summary>True for completed, failed and cancelled.</summary>
    public static bool IsFinished(JobState state) => state is JobState.Completed or JobState.Failed or JobState.Cancelled;
}
