using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Composition;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>A generic host with the framework registered from in-memory settings and started (the start-up checks run).</summary>
internal static class ComposedHost
{
    public static IHost Start(IDictionary<string, string?> settings, string? baseDirectory = null, IEnumerable<ComponentSlot>? slots = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddPixArt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), baseDirectory, slots);
        var host = builder.Build();
        try
        {
            host.Start();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
