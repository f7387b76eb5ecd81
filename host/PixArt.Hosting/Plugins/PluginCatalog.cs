using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PixArt.Abstractions.Plugins;

namespace PixArt.Hosting.Plugins;

/// <summary>
/// Discovers plugin assemblies (<c>&lt;folder&gt;/&lt;Name&gt;/&lt;Name&gt;.dll</c>), loads each in its own load context sharing
/// <see cref="SharedTypes.All"/>, and lets it register into a staging collection, which <see cref="RegisterInto"/> later adds
/// to the host's services. Every failure becomes a <see cref="PluginProblem"/> naming the assembly; the catalogue keeps going.
/// </summary>
public sealed class PluginCatalog
{
    private readonly List<LoadedPlugin> _plugins = new();
    private readonly List<PluginProblem> _problems = new();
    private readonly List<PluginLoader> _loaders = new();
    private readonly Dictionary<string, List<ServiceDescriptor>> _staged = new(StringComparer.Ordinal);

    /// <summary>Plugins that loaded and registered.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    /// <summary>Plugins that failed, with reasons.</summary>
    public IReadOnlyList<PluginProblem> Problems => _problems;

    /// <summary>Every declared component of the loaded plugins.</summary>
    public IEnumerable<(ComponentDescriptor Component, LoadedPlugin Plugin)> Components =>
        _plugins.SelectMany(p => p.Components.Select(c => (c, p)));

    /// <summary>The folder built-in plugins are copied to next to the application.</summary>
    public static string BuiltInFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>
    /// Loads the plugins of the folders <c>PixArt:Plugins</c> names (<see cref="PluginOptions.Folders"/>; relative paths against
    /// <paramref name="baseDirectory"/>). Problems of the section itself are reported at host start, not here.
    /// </summary>
    public static PluginCatalog Discover(IConfiguration configuration, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = (PluginOptions)Configuration.OptionsBinder.Bind(typeof(PluginOptions), configuration.GetSection(PluginOptions.SectionPath), new List<Configuration.ConfigProblem>());
        return Load(options.Folders(baseDirectory), configuration);
    }

    /// <summary>Loads every plugin found in <paramref name="folders"/> (missing folders are problems too); nothing is registered yet.</summary>
    public static PluginCatalog Load(IEnumerable<string> folders, IConfiguration configuration)
    {
        var catalog = new PluginCatalog();
        foreach (var folder in folders.Distinct())
        {
            if (!Directory.Exists(folder))
            {
                catalog._problems.Add(new PluginProblem(folder, "plugin folder does not exist"));
                continue;
            }
            foreach (var dir in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
            {
                var assembly = Path.Combine(dir, Path.GetFileName(dir) + ".dll");
                if (!File.Exists(assembly))
                {
                    catalog._problems.Add(new PluginProblem(dir, $"no plugin assembly: expected {Path.GetFileName(assembly)} in the folder"));
                    continue;
                }
                catalog.LoadOne(assembly, configuration);
            }
        }
        catalog.RejectDuplicates();
        return catalog;
    }

    /// <summary>Adds the services every kept plugin registered (each component's first registration wins).</summary>
    public void RegisterInto(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (var plugin in _plugins)
            foreach (var descriptor in _staged[plugin.AssemblyPath])
            {
                if (descriptor.IsKeyedService) services.TryAdd(descriptor);
                else services.Add(descriptor);
            }
    }

    private void LoadOne(string assemblyPath, IConfiguration configuration)
    {
        Assembly assembly;
        try
        {
            var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes.All, config => config.PreferSharedTypes = true);
            _loaders.Add(loader);
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or InvalidOperationException)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"missing or corrupt assembly: {e.GetBaseException().Message}"));
            return;
        }

        // The contract a plugin was compiled against is readable without loading its types, which an old contract may break.
        if (CompiledContract(assembly) is { } compiled && compiled != ContractVersion.Current)
        {
            _problems.Add(new PluginProblem(assemblyPath,
                $"built against plugin contract version {compiled} (PixArt.Abstractions {AbstractionsReference(assembly)}), but this host implements version {ContractVersion.Current}; rebuild the plugin against PixArt.Abstractions {ContractVersion.Current}"));
            return;
        }

        Type[] entryTypes;
        try
        {
            entryTypes = assembly.GetExportedTypes()
                .Where(t => typeof(IPixArtPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                .ToArray();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"its types cannot be loaded (a dependency is missing or was built for another contract): {e.GetBaseException().Message}"));
            return;
        }
        if (entryTypes.Length == 0)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"no entry point: the assembly has no public class implementing {nameof(IPixArtPlugin)}"));
            return;
        }
        if (entryTypes.Length > 1)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"several entry points ({string.Join(", ", entryTypes.Select(t => t.FullName))}); a plugin assembly must have exactly one {nameof(IPixArtPlugin)}"));
            return;
        }

        IPixArtPlugin plugin;
        PluginManifest manifest;
        try
        {
            plugin = (IPixArtPlugin)Activator.CreateInstance(entryTypes[0])!;
            manifest = plugin.Manifest;
        }
        catch (Exception e)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"entry point {entryTypes[0].FullName} could not be created: {e.GetBaseException().Message}"));
            return;
        }
        if (manifest.ContractVersion != ContractVersion.Current)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"plugin '{manifest.Id}' targets contract version {manifest.ContractVersion}, but this host implements version {ContractVersion.Current}"));
            return;
        }

        // Register into a private collection first, so a plugin that throws half-way leaves nothing behind.
        var staging = new ServiceCollection();
        var context = new PluginRegistrationContext(staging, configuration, Path.GetDirectoryName(assemblyPath)!, manifest);
        try
        {
            plugin.Register(context);
        }
        catch (Exception e)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"plugin '{manifest.Id}' threw during registration: {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}"));
            return;
        }
        var undeclared = context.Components.Where(c => !manifest.Kinds.Contains(c.Kind)).ToList();
        if (undeclared.Count > 0)
        {
            _problems.Add(new PluginProblem(assemblyPath, $"plugin '{manifest.Id}' registers {string.Join(", ", undeclared.Select(c => $"'{c.TypeId}' ({ComponentKinds.DisplayName(c.Kind)})"))} but its manifest does not list that kind"));
            return;
        }
        // Keyed components: the first plugin to claim an id keeps it (duplicates are reported below).
        _staged[assemblyPath] = staging.ToList();
        _plugins.Add(new LoadedPlugin(manifest, assemblyPath, context.Components));
    }

    private void RejectDuplicates()
    {
        foreach (var group in _plugins.GroupBy(p => p.Manifest.Id).Where(g => g.Count() > 1))
            _problems.Add(new PluginProblem(group.Last().AssemblyPath,
                $"duplicate plugin id '{group.Key}': also loaded from {string.Join(", ", group.SkipLast(1).Select(p => p.AssemblyPath))}; the later one is ignored"));
        foreach (var group in Components.GroupBy(c => (c.Component.Kind, c.Component.TypeId)).Where(g => g.Count() > 1))
            _problems.Add(new PluginProblem(group.Last().Plugin.AssemblyPath,
                $"duplicate component id '{group.Key.TypeId}' ({ComponentKinds.DisplayName(group.Key.Kind)}): also registered by {string.Join(", ", group.SkipLast(1).Select(c => $"'{c.Plugin.Manifest.Id}' ({c.Plugin.AssemblyPath})"))}; the later one is ignored"));
        // Keep the first registration of each duplicate: drop later plugins' entries from the catalogue.
        var keep = new List<LoadedPlugin>();
        var seenIds = new HashSet<string>();
        var seenComponents = new HashSet<(ComponentKind, string)>();
        foreach (var plugin in _plugins)
        {
            if (!seenIds.Add(plugin.Manifest.Id)) continue;
            var components = plugin.Components.Where(c => seenComponents.Add((c.Kind, c.TypeId))).ToList();
            keep.Add(plugin with { Components = components });
        }
        _plugins.Clear();
        _plugins.AddRange(keep);
    }

    // PixArt.Abstractions' assembly version major is the contract version since contract 2; older builds (0.x) are contract 1.
    private static int? CompiledContract(Assembly assembly) =>
        AbstractionsReference(assembly) is { } version ? (version.Major >= 2 ? version.Major : 1) : null;

    private static Version? AbstractionsReference(Assembly assembly) =>
        assembly.GetReferencedAssemblies().FirstOrDefault(r => r.Name == typeof(IPixArtPlugin).Assembly.GetName().Name)?.Version;

    /// <summary>Finds the component of <paramref name="kind"/> registered as <paramref name="typeId"/>.</summary>
    public (ComponentDescriptor Component, LoadedPlugin Plugin)? Find(ComponentKind kind, string typeId) =>
        Components.Where(c => c.Component.Kind == kind && c.Component.TypeId == typeId).Select(c => ((ComponentDescriptor, LoadedPlugin)?)c).FirstOrDefault();

    /// <summary>Type ids of <paramref name="kind"/>, sorted.</summary>
    public IReadOnlyList<string> TypeIds(ComponentKind kind) =>
        Components.Where(c => c.Component.Kind == kind).Select(c => c.Component.TypeId).Order(StringComparer.Ordinal).ToList();
}
