using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli;

/// <summary>
/// The generic host every working command runs in: the PixArt services plus logging to standard error, one line per message
/// (level from <c>Logging:LogLevel:Default</c>, Warning by default). The host is started before it is returned, so the
/// configuration, libtorch and the components' fit are checked before a command does any work. <c>PixArt:Runtime:DType =
/// auto</c> follows the policy the command passes: <see cref="AutoDTypePolicy.Generation"/> for generation and its
/// benchmarks, <see cref="AutoDTypePolicy.Reproducible"/> for everything whose results are compared or written to files.
/// </summary>
internal static class CliHost
{
    public static IHost Build(IConfiguration configuration, string baseDirectory, IEnumerable<ComponentSlot> slots, AutoDTypePolicy autoDType)
    {
        var manager = new ConfigurationManager();
        manager.AddConfiguration(configuration);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Configuration = manager });
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        // The host logs a failed start with its stack trace; the CLI reports the same exception as one line (CliErrors).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(autoDType);
        builder.Services.AddPixArt(configuration, baseDirectory, slots);
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
