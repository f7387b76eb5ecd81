using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Hosting.Configuration;
using PixArt.Server.Options;
using StackExchange.Redis;

namespace PixArt.Server.Queue.Redis;

/// <summary>
/// The process's one connection to Redis (StackExchange.Redis multiplexes every caller over it). <see cref="ConnectAsync"/>
/// runs at host start: an unreachable server stops the start with an error naming <c>PixArt:Server:Queue:Connection</c> and
/// the address. After that the client reconnects by itself; while it is down, calls throw <see cref="RedisException"/>s
/// that the queue turns into 503s and the workers retry.
/// </summary>
public sealed partial class RedisConnection(IOptions<QueueOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private ConnectionMultiplexer? _multiplexer;

    /// <summary>The settings.</summary>
    public QueueOptions Settings => options.Value;

    /// <summary>The key names under <see cref="QueueOptions.KeyPrefix"/>.</summary>
    public RedisKeys Keys => new(Settings.KeyPrefix);

    /// <summary>The database (after <see cref="ConnectAsync"/>).</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    /// <summary>Pub/sub (after <see cref="ConnectAsync"/>).</summary>
    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    /// <summary>When the connection was last made or restored (UTC).</summary>
    public DateTime ConnectedAt { get; private set; }

    /// <summary>True while connected.</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    private ConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("Redis is not connected yet: the host has not started");

    /// <summary>Connects, or throws a <see cref="ConfigurationException"/> naming the key and the address.</summary>
    public async Task ConnectAsync()
    {
        if (_multiplexer is not null) return;
        ConfigurationOptions configuration;
        try
        {
            configuration = ConfigurationOptions.Parse(Settings.Connection);
        }
        catch (ArgumentException e)
        {
            throw Problem($"is not a Redis configuration string ({e.Message}); e.g. 127.0.0.1:6379");
        }
        configuration.AbortOnConnectFail = true; // the first connection must succeed; later ones are retried by the client
        configuration.ConnectRetry = 2;
        configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 5000);
        configuration.ClientName ??= "pixart-" + Settings.ResolvedWorkerName;
        try
        {
            _multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            throw Problem($"Redis at {Address(configuration)} is unreachable: {FirstLine(e.Message)}");
        }
        ConnectedAt = DateTime.UtcNow;
        _multiplexer.ConnectionFailed += (_, e) => LogLost(logger, Address(configuration), e.FailureType.ToString());
        _multiplexer.ConnectionRestored += (_, _) =>
        {
            ConnectedAt = DateTime.UtcNow;
            LogRestored(logger, Address(configuration));
        };
        LogConnected(logger, Address(configuration));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null) await _multiplexer.DisposeAsync().ConfigureAwait(false);
    }

    private ConfigurationException Problem(string message) =>
        new([new ConfigProblem($"{QueueOptions.SectionPath}:{nameof(QueueOptions.Connection)}", Redact(Settings.Connection), message)]);

    private static string Address(ConfigurationOptions configuration) => string.Join(", ", configuration.EndPoints.Select(e => e.ToString()));

    // A connection string may carry a password: only the endpoints are shown.
    private static string Redact(string connection) => string.Join(",", connection.Split(',').Where(p => !p.Contains('=', StringComparison.Ordinal)));

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to Redis at {Address}")]
    private static partial void LogConnected(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lost the connection to Redis at {Address} ({Failure}); reconnecting")]
    private static partial void LogLost(ILogger logger, string address, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "reconnected to Redis at {Address}")]
    private static partial void LogRestored(ILogger logger, string address);
}
