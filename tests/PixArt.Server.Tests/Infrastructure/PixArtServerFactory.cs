using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Server.Worker;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>
/// The real server application (<c>Program</c>) in memory on the tiny model, with extra settings (e.g. a small queue or
/// API keys) passed as its command-line configuration.
/// </summary>
public sealed class PixArtServerFactory : WebApplicationFactory<PixArt.Server.Program>
{
    private readonly List<KeyValuePair<string, string?>> _settings;

    public PixArtServerFactory() : this([])
    {
    }

    public PixArtServerFactory(params (string Key, string Value)[] settings)
    {
        _settings = [.. TinyModel.Settings(), .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))];
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>A client, once the worker has loaded the model and run its warm-up step.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        var status = Services.GetRequiredService<WorkerStatus>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!status.Ready)
        {
            if (status.Phase == WorkerPhase.Failed) throw new InvalidOperationException("the worker failed: " + status.Error);
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the worker did not get ready in 60 s");
            await Task.Delay(50);
        }
        return client;
    }
}
