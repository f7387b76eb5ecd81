using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>
/// A real <c>pixart serve</c> process (the CLI built next to the tests, its embedded tiny model) on a free loopback port,
/// with everything it prints collected.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PixArt.Cli.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__PixArt.Server"] = "Information";
        _process = new System.Diagnostics.Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) =>
        {
            _process.WaitForExit(); // the rest of the output, before it is quoted
            _listening.TrySetException(new InvalidOperationException($"pixart serve exited with {_process.ExitCode}:\n{Output}"));
        };
    }

    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts <c>pixart serve --port 0</c> with <paramref name="arguments"/> and waits until it listens (not until it is ready).</summary>
    public static async Task<ServeProcess> StartAsync(params string[] arguments)
    {
        var server = new ServeProcess(["--port", "0", .. arguments]);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>A client for the server (with <paramref name="apiKey"/> on every request when given).</summary>
    public HttpClient Client(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await client.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("pixart serve did not get ready:\n" + Output);
            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM (what a service manager or Ctrl+C does) and returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL: a crash, nothing runs at exit) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    [GeneratedRegex(@"pixart serve: listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await TerminateAsync(TimeSpan.FromSeconds(20));
            }
            catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
