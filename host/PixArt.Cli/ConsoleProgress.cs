using PixArt.Abstractions.Runtime;

namespace PixArt.Cli;

/// <summary>
/// Step progress on standard error (one updating line on a terminal, one line per stage otherwise), with a heartbeat: when
/// a step runs longer than <see cref="HeartbeatInterval"/>, a line says what is running and for how long, so a large
/// request never sits silent.
/// </summary>
internal sealed class ConsoleProgress : IProgress<ProgressUpdate>, IDisposable
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly TextWriter _error = Console.Error; // the writer of the command's thread (tests capture it)
    private readonly Timer _heartbeat;
    private readonly TimeSpan _interval;
    private readonly System.Diagnostics.Stopwatch _sinceReport = System.Diagnostics.Stopwatch.StartNew();
    private readonly object _gate = new();
    private string _lastStage = "";
    private string _current = "";

    public ConsoleProgress(TimeSpan? interval = null)
    {
        _interval = interval ?? HeartbeatInterval;
        _heartbeat = new Timer(_ => Beat(), null, _interval, _interval);
    }

    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            _sinceReport.Restart();
            var line = $"{value.Stage} {value.Step}/{value.Total}{(value.Message is null ? "" : " " + value.Message)}";
            _current = value.Step < value.Total ? $"{value.Stage} step {value.Step + 1}/{value.Total}" : value.Stage;
            if (_interactive) _error.Write($"\r{line,-60}");
            else if (value.Stage != _lastStage || value.Step == value.Total) _error.WriteLine(line);
            _lastStage = value.Stage;
        }
    }

    private void Beat()
    {
        lock (_gate)
        {
            if (_current.Length == 0 || _sinceReport.Elapsed < _interval) return;
            var line = $"{_current}: still running ({_sinceReport.Elapsed.TotalSeconds:F0} s)";
            if (_interactive) _error.Write($"\r{line,-60}");
            else _error.WriteLine(line);
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            _current = "";
            if (_interactive) _error.WriteLine();
        }
    }

    public void Dispose() => _heartbeat.Dispose();
}
