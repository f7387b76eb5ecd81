using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// Retries a Redis call while the server is unreachable (the client reconnects by itself), so that a worker's events and
/// results are written once Redis is back instead of being lost. Gives up only when the cancellation token fires.
/// </summary>
internal static class RedisRetry
{
    /// <summary>The pause between tries.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs <paramref name="call"/> until it returns without a connection or timeout error; <paramref name="onRetry"/> sees each error.</summary>
    public static async Task<T> UntilDoneAsync<T>(Func<Task<T>> call, Action<Exception> onRetry, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e))
            {
                onRetry(e);
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// True for errors that mean "Redis cannot take this now": unreachable, timed out, or refusing writes (LOADING after a
    /// restart, READONLY after a failover, MISCONF, OOM, BUSY). Retried with a pause; every one is logged.
    /// </summary>
    public static bool IsTransient(Exception e) => e is RedisException or RedisTimeoutException;

    /// <summary>True when the stream or its consumer group is gone (Redis restarted without persistence, or the key was deleted).</summary>
    public static bool IsMissingGroup(Exception e) => e is RedisServerException { Message: var m } && m.StartsWith("NOGROUP", StringComparison.Ordinal);
}
