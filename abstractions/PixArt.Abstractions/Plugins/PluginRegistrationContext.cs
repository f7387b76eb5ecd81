using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PixArt.Abstractions.Plugins;

/// <summary>What a plugin's <see cref="IPixArtPlugin.Register"/> receives.</summary>
public sealed class PluginRegistrationContext
{
    private readonly List<ComponentDescriptor> _components = new();

    /// <summary>Creates the context; the host does this once per plugin.</summary>
    public PluginRegistrationContext(IServiceCollection services, IConfiguration configuration, string directory, PluginManifest manifest)
    {
        Services = services ?? throw new ArgumentNullException(nameof(services));
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        Directory = directory ?? throw new ArgumentNullException(nameof(directory));
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
    }

    /// <summary>The host's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The whole application configuration (read-only use; components get their own section at creation).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The folder the plugin assembly was loaded from (for data files shipped with it).</summary>
    public string Directory { get; }

    /// <summary>The manifest of the plugin being registered.</summary>
    public PluginManifest Manifest { get; }

    /// <summary>The components declared so far.</summary>
    public IReadOnlyList<ComponentDescriptor> Components => _components;

    /// <summary>
    /// Declares a component and registers its factory as a keyed singleton (key = <paramref name="typeId"/>).
    /// The host binds <typeparamref name="TOptions"/> from whichever configuration section selects the
    /// component (<c>"Type": "typeId"</c>) and validates it (data annotations and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) before anything runs.
    /// </summary>
    /// <typeparam name="TFactory">The factory contract of <paramref name="kind"/>.</typeparam>
    /// <typeparam name="TImplementation">The plugin's factory class.</typeparam>
    /// <typeparam name="TOptions">The plugin's options class (public parameterless constructor; defaults in initialisers).</typeparam>
    public PluginRegistrationContext AddComponent<TFactory, TImplementation, TOptions>(ComponentKind kind, string typeId, string description)
        where TFactory : class
        where TImplementation : class, TFactory
        where TOptions : class, new()
    {
        if (!PluginManifest.IsValidId(typeId))
            throw new ArgumentException($"component type id '{typeId}' is not kebab-case", nameof(typeId));
        var expected = ComponentKinds.FactoryType(kind);
        if (typeof(TFactory) != expected)
            throw new ArgumentException($"a {ComponentKinds.DisplayName(kind)} component must be registered as {expected.Name}, not {typeof(TFactory).Name}", nameof(kind));
        if (_components.Any(c => c.Kind == kind && c.TypeId == typeId))
            throw new ArgumentException($"component '{typeId}' of kind {ComponentKinds.DisplayName(kind)} is declared twice by plugin '{Manifest.Id}'", nameof(typeId));
        Services.TryAddKeyedSingleton<TFactory, TImplementation>(typeId);
        _components.Add(new ComponentDescriptor(kind, typeId, typeof(TFactory), typeof(TOptions), description, Manifest.Id));
        return this;
    }
}
