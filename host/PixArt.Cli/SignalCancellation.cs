using System.Runtime.InteropServices;

namespace PixArt.Cli;

/// <summary>
/// Turns Ctrl+C (SIGINT), SIGTERM and SIGQUIT into a cancellation request for the running command, so generation stops
/// between steps and writes nothing, instead of the process dying mid-write. A second Ctrl+C is not intercepted.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = new();

    public SignalCancellation()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    public CancellationToken Token => _source.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return; // already stopping: let a repeated signal end the process
        context.Cancel = true;
        Console.Error.WriteLine("stopping after the current step...");
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
