using Microsoft.Extensions.Configuration;

namespace PixArt.Abstractions.Runtime;

/// <summary>
/// What a factory receives when the host creates a component: the bound, already validated options,
/// the configuration section they came from, services, the runtime, and any child components
/// configured under it (e.g. the denoiser's <c>TimestepConditioning</c> and <c>TextConditioning</c>).
/// </summary>
public sealed class ComponentContext
{
    private readonly IReadOnlyDictionary<string, ResolvedComponent> _children;

    /// <summary>Creates a context. Tests and embedding hosts may build one directly.</summary>
    public ComponentContext(
        object options,
        IRuntimeContext runtime,
        string configPath = "",
        IConfigurationSection? section = null,
        IServiceProvider? services = null,
        string? baseDirectory = null,
        IReadOnlyDictionary<string, ResolvedComponent>? children = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        ConfigPath = configPath;
        Section = section;
        Services = services;
        BaseDirectory = baseDirectory ?? Environment.CurrentDirectory;
        _children = children ?? new Dictionary<string, ResolvedComponent>();
    }

    /// <summary>The bound options instance (the component's declared options type).</summary>
    public object Options { get; }

    /// <summary>Device, dtype and noise for tensors the component creates.</summary>
    public IRuntimeContext Runtime { get; }

    /// <summary>Full configuration path of the selecting section (e.g. <c>PixArt:Sampler</c>), for messages.</summary>
    public string ConfigPath { get; }

    /// <summary>The selecting configuration section, when created from configuration.</summary>
    public IConfigurationSection? Section { get; }

    /// <summary>The host's services, when created by a host.</summary>
    public IServiceProvider? Services { get; }

    /// <summary>Folder relative paths in options are resolved against (the configuration file's folder).</summary>
    public string BaseDirectory { get; }

    /// <summary>Child components keyed by their sub-section name.</summary>
    public IReadOnlyDictionary<string, ResolvedComponent> Children => _children;

    /// <summary>The options as <typeparamref name="T"/>; throws naming both types when they differ.</summary>
    public T GetOptions<T>() where T : class =>
        Options as T ?? throw new InvalidOperationException(
            $"{ConfigPath}: component expected options of type {typeof(T).FullName} but got {Options.GetType().FullName}");

    /// <summary>Resolves <paramref name="path"/> against <see cref="BaseDirectory"/> (absolute paths stay).</summary>
    public string ResolvePath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>The child component configured under <paramref name="name"/>; throws with the config path when missing.</summary>
    public ResolvedComponent Child(string name) =>
        _children.TryGetValue(name, out var child) ? child
        : throw new InvalidOperationException($"{ConfigPath}:{name} is required but not configured");
}

/// <summary>A child component as resolved by the host: its factory and the context to create it with.</summary>
/// <param name="Factory">The factory registered for the configured type id.</param>
/// <param name="Context">The child's own context (its options, path, children).</param>
/// <param name="TypeId">The configured <c>Type</c>.</param>
public sealed record ResolvedComponent(object Factory, ComponentContext Context, string TypeId)
{
    /// <summary>The factory as <typeparamref name="TFactory"/>.</summary>
    public TFactory FactoryAs<TFactory>() where TFactory : class =>
        Factory as TFactory ?? throw new InvalidOperationException(
            $"{Context.ConfigPath}: '{TypeId}' is a {Factory.GetType().Name}, not a {typeof(TFactory).Name}");
}
