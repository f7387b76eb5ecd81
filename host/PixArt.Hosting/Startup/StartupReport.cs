using PixArt.Nn.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Startup;

/// <summary>Logs what start-up decided: libtorch, each loaded plugin, and every plugin that failed (as a warning).</summary>
public static partial class StartupReport
{
    /// <summary>Writes the report through the host's logging.</summary>
    public static void Log(IServiceProvider services)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(PluginCatalog));
        if (logger is null) return;
        var runtime = services.GetRequiredService<IRuntimeContext>();
        if (LibTorchRuntime.Status is { } lib)
            LibTorchLoaded(logger, lib.LibTorchVersion, lib.Source, lib.LibTorchDirectory, lib.CompatPatchApplied, runtime.Device.ToString(), runtime.DType.ToString());
        var plugins = services.GetRequiredService<PluginCatalog>();
        foreach (var plugin in plugins.Plugins)
            PluginLoaded(logger, plugin.Manifest.Id, plugin.Manifest.Version.ToString(), plugin.AssemblyPath);
        foreach (var problem in plugins.Problems)
            PluginFailed(logger, problem.AssemblyPath, problem.Reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "libtorch {Version} ({Source}) from {Directory}, libstdc++ compatibility copy: {Compat}; device {Device}, dtype {DType}")]
    private static partial void LibTorchLoaded(ILogger logger, string version, string source, string directory, bool compat, string device, string dtype);

    [LoggerMessage(Level = LogLevel.Information, Message = "plugin {Id} {Version} loaded from {Path}")]
    private static partial void PluginLoaded(ILogger logger, string id, string version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "plugin {Path} not loaded: {Reason}")]
    private static partial void PluginFailed(ILogger logger, string path, string reason);
}
