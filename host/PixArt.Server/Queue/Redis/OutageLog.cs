namespace PixArt.Server.Queue.Redis;

/// <summary>
/// Lets through one log line per ten seconds of a Redis outage, so that the retry loops (worker, publisher, follower)
/// report it without writing a line per retry. Thread-safe enough for a log: two lines in a race are harmless.
/// </summary>
internal sealed class OutageLog
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private DateTime _last;

    /// <summary>True when a line may be written now (and starts a new period).</summary>
    public bool Due()
    {
        var now = DateTime.UtcNow;
        if (now - _last < Period) return false;
        _last = now;
        return true;
    }
}
