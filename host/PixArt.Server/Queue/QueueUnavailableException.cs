namespace PixArt.Server.Queue;

/// <summary>The shared queue (Redis) cannot be reached now; the API answers 503 with <c>Retry-After</c> (<see cref="Api.QueueUnavailableFilter"/>).</summary>
public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The exception for a Redis error <paramref name="cause"/>, with its first line.</summary>
    public static QueueUnavailableException From(Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new($"the job queue (Redis) is unreachable: {cause.Message.Split('\n')[0]}; retry later", cause);
    }
}
