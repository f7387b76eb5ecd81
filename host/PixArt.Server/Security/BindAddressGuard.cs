using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Configuration;
using PixArt.Server.Options;

namespace PixArt.Server.Security;

/// <summary>
/// Refuses to start a server that would listen on a non-loopback address without API keys: the addresses configured for
/// the web server (<c>urls</c>, <c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints</c>, and those <c>pixart serve</c> derives from
/// <c>PixArt:Server:Host</c>) are checked when the host starts, before the server binds.
/// </summary>
public sealed class BindAddressGuard(IConfiguration configuration, IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, after the PixArt start-up check validated PixArt:Server.
        if (services.GetRequiredService<ApiKeySet>().Enabled) return Task.CompletedTask;
        var exposed = BindAddresses.NonLoopback(Addresses());
        if (exposed.Count > 0)
            throw new ConfigurationException([new ConfigProblem($"{ServerOptions.SectionPath}:{nameof(ServerOptions.ApiKeys)}", null,
                $"API keys are required to listen on {string.Join(", ", exposed)} (not loopback); set at least one key (e.g. PixArt__Server__ApiKeys__0) or bind 127.0.0.1")]);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IEnumerable<string> Addresses()
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            yield return url;
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
            if (endpoint["Url"] is { Length: > 0 } url) yield return url;
        if (services.GetService(typeof(IServer)) is IServer server && server.Features.Get<IServerAddressesFeature>() is { } feature)
            foreach (var address in feature.Addresses) yield return address;
    }
}
