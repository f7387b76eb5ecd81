using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> (Debian's package; .ci/run installs it) on a free loopback port with a temporary directory,
/// with every write appended and synced to disk (<c>appendfsync always</c>), so that it can be stopped and started again
/// without losing an accepted job, as a production Redis with persistence would.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _directory = Directory.CreateTempSubdirectory("pixart-redis-").FullName;
    private System.Diagnostics.Process? _process;

    private RedisServer(string executable, int port)
    {
        _executable = executable;
        Port = port;
    }

    /// <summary>redis-server on PATH, or null.</summary>
    public static string? Executable => RepositoryRoot.Which("redis-server");

    /// <summary>Why the tests cannot run without it.</summary>
    public const string Missing = "redis-server is not installed, so the scale-out tests cannot run (.ci/run installs it: apt-get install redis-server)";

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException(Missing);
        var server = new RedisServer(executable, FreePort());
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again, on the same port and directory after <see cref="StopAsync"/>) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _directory, "--appendonly", "yes", "--appendfsync", "always",
                     "--save", "", "--daemonize", "no", "--protected-mode", "yes",
                 })
            start.ArgumentList.Add(argument);
        _process = System.Diagnostics.Process.Start(start)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await PingAsync())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"redis-server did not start on port {Port}");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the server as a service manager does (SIGTERM: it finishes the append-only file and exits).</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill();
        if (_process is not null) await _process.WaitForExitAsync();
        _process?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
