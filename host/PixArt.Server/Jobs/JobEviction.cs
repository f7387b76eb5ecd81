using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PixArt.Server.Options;

namespace PixArt.Server.Jobs;

/// <summary>Evicts finished jobs past their retention on a timer (the worker also evicts after each pass).</summary>
public sealed class JobEviction(JobStore store, IOptions<ServerOptions> options, TimeProvider time) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.RetentionSeconds / 4.0, 1, 30));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) store.Evict();
        }
        catch (OperationCanceledException)
        {
        }
    }
}
