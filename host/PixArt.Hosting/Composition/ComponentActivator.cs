using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Startup;

namespace PixArt.Hosting.Composition;

/// <summary>Turns validated selections into component contexts and resolves their keyed factories.</summary>
public sealed class ComponentActivator
{
    private readonly IServiceProvider _services;
    private readonly IRuntimeContext _runtime;
    private readonly string _baseDirectory;

    /// <summary>Creates the activator (the runtime is resolved, and libtorch loaded, when the activator is).</summary>
    public ComponentActivator(IServiceProvider services, IRuntimeContext runtime, PixArtHostSettings settings)
    {
        _services = services;
        _runtime = runtime;
        _baseDirectory = settings.BaseDirectory;
    }

    /// <summary>The factory registered for the component <paramref name="typeId"/> of <paramref name="kind"/>.</summary>
    public TFactory Factory<TFactory>(ComponentKind kind, string typeId) where TFactory : class =>
        _services.GetRequiredKeyedService(ComponentKinds.FactoryType(kind), typeId) as TFactory
        ?? throw new InvalidOperationException($"'{typeId}' is not a {typeof(TFactory).Name}");

    /// <summary>A context for a component created with <paramref name="options"/> outside a configured selection (a request's sampler).</summary>
    public ComponentContext Context(string configPath, object options) =>
        new(options, _runtime, configPath, null, _services, _baseDirectory);

    /// <summary>The factory registered for <paramref name="selection"/>, typed as <typeparamref name="TFactory"/>.</summary>
    public TFactory Factory<TFactory>(ComponentSelection selection) where TFactory : class =>
        _services.GetRequiredKeyedService(selection.Component.FactoryType, selection.Component.TypeId) as TFactory
        ?? throw new InvalidOperationException($"{selection.Section.Path}: '{selection.Component.TypeId}' is not a {typeof(TFactory).Name}");

    /// <summary>The context to create <paramref name="selection"/> with, children resolved recursively.</summary>
    public ComponentContext Context(ComponentSelection selection)
    {
        var children = selection.Children.ToDictionary(
            c => c.Key,
            c => new ResolvedComponent(
                _services.GetRequiredKeyedService(c.Value.Component.FactoryType, c.Value.Component.TypeId),
                Context(c.Value),
                c.Value.Component.TypeId),
            StringComparer.OrdinalIgnoreCase);
        return new ComponentContext(selection.Options, _runtime, selection.Section.Path, selection.Section, _services, _baseDirectory, children);
    }
}
