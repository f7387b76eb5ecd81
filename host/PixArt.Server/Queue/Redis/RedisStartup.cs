using Microsoft.Extensions.Hosting;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// Connects to Redis when the host starts, after the configuration checks and before the worker loads the model: an
/// unreachable server stops the start with an error naming the key and the address. Creates the consumer group too, so
/// that jobs accepted before the first worker starts wait for it.
/// </summary>
public sealed class RedisStartup(RedisConnection redis) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.ConnectAsync().ConfigureAwait(false);
        await RedisJobGroup.EnsureAsync(redis).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
