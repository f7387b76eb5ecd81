using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>The workers' consumer group on the job stream, created (with the stream) by whichever process starts first.</summary>
internal static class RedisJobGroup
{
    /// <summary>
    /// Creates the group reading from the stream's beginning, so jobs accepted before any worker started are not skipped;
    /// an existing group is kept as it is. Returns true when it was created.
    /// </summary>
    public static async Task<bool> EnsureAsync(RedisConnection redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        try
        {
            return await redis.Database.StreamCreateConsumerGroupAsync(redis.Keys.Jobs, redis.Settings.Group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            return false;
        }
    }
}
