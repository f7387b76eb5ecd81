namespace PixArt.Server.Jobs;

/// <summary>Kinds of <see cref="JobEvent"/>, as the event stream names them.</summary>
public static class JobEventKinds
{
    /// <summary>Accepted into the queue.</summary>
    public const string Queued = "queued";

    /// <summary>Generation began.</summary>
    public const string Started = "started";

    /// <summary>A denoising step finished.</summary>
    public const string Progress = "progress";

    /// <summary>Every image is ready.</summary>
    public const string Completed = "completed";

    /// <summary>Stopped by an error.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>One event of a job's life, in order; the event stream replays them from any point.</summary>
/// <param name="Sequence">0-based position in the job's events (the SSE id).</param>
/// <param name="Kind">One of <see cref="JobEventKinds"/>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Step">Steps done (progress).</param>
/// <param name="Total">Steps in all.</param>
/// <param name="Position">Queue position (queued).</param>
/// <param name="Preview">A low-resolution PNG of the first image's latents (some progress events).</param>
/// <param name="Message">Error or cancellation reason; for a queued event after the first, why the job was requeued.</param>
/// <param name="Worker">The worker that started the job (started).</param>
public sealed record JobEvent(int Sequence, string Kind, DateTimeOffset At, int Step = 0, int Total = 0, int? Position = null, byte[]? Preview = null, string? Message = null, string? Worker = null);
