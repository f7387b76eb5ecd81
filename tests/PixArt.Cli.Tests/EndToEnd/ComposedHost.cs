using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// A generic host with the framework registered from in-memory settings and started (the start-up checks run).
/// <c>PixArt:Runtime:DType = auto</c> is float32 on every CPU (<see cref="AutoDTypePolicy.Reproducible"/>): the tests
/// compare with float32 references and with each other, and must give the same result on CPUs with and without native bf16.
/// </summary>
internal static class ComposedHost
{
    public static IHost Start(IDictionary<string, string?> settings, string? baseDirectory = null, IEnumerable<ComponentSlot>? slots = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(AutoDTypePolicy.Reproducible);
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
