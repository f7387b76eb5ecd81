using Microsoft.Extensions.Configuration;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Startup;

/// <summary>Everything decided at start: libtorch, runtime, plugins and the validated component choices.</summary>
/// <param name="Configuration">The effective configuration.</param>
/// <param name="BaseDirectory">Folder relative paths are resolved against.</param>
/// <param name="RuntimeOptions">Bound <c>PixArt:Runtime</c>.</param>
/// <param name="LibTorch">How libtorch was loaded.</param>
/// <param name="Runtime">Resolved device and dtype.</param>
/// <param name="Plugins">The plugin catalogue (with load problems).</param>
/// <param name="Selections">Validated component selections by slot path.</param>
/// <param name="Generation">Bound <c>PixArt:Generation</c>.</param>
public sealed record PixArtEnvironment(
    IConfiguration Configuration,
    string BaseDirectory,
    RuntimeOptions RuntimeOptions,
    LibTorchStatus LibTorch,
    RuntimeContext Runtime,
    PluginCatalog Plugins,
    IReadOnlyDictionary<string, ComponentSelection> Selections,
    GenerationOptions Generation)
{
    /// <summary>The selection of <paramref name="slot"/>; throws naming the key when it is not configured.</summary>
    public ComponentSelection Selection(ComponentSlot slot) =>
        Selections.TryGetValue(slot.Path, out var s) ? s
        : throw new ConfigurationException(new[] { new ConfigProblem(slot.Path + ":Type", null, "not configured") });
}
