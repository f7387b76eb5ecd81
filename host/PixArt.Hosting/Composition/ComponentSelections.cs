using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Startup;

namespace PixArt.Hosting.Composition;

/// <summary>The validated component choices of the configured slots, by slot path.</summary>
public sealed class ComponentSelections
{
    private readonly IReadOnlyDictionary<string, ComponentSelection> _byPath;

    private ComponentSelections(IReadOnlyDictionary<string, ComponentSelection> byPath) => _byPath = byPath;

    /// <summary>
    /// Resolves and validates every slot of <paramref name="settings"/> against <paramref name="plugins"/>; throws
    /// <see cref="ConfigurationException"/> with every problem (key path, value, allowed values).
    /// </summary>
    public static ComponentSelections Validate(PixArtHostSettings settings, PluginCatalog plugins)
    {
        var problems = new List<ConfigProblem>();
        var selections = Resolve(settings, plugins, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return selections;
    }

    /// <summary>Resolves what it can and appends every problem to <paramref name="problems"/> (for reports that go on).</summary>
    public static ComponentSelections Resolve(PixArtHostSettings settings, PluginCatalog plugins, ICollection<ConfigProblem> problems) =>
        new(ComponentConfigurationValidator.Validate(settings.Configuration, plugins, settings.Slots, problems));

    /// <summary>The selection of <paramref name="slot"/>, or null when the slot is not configured.</summary>
    public ComponentSelection? Find(ComponentSlot slot) => _byPath.TryGetValue(slot.Path, out var s) ? s : null;

    /// <summary>The selection of <paramref name="slot"/>; throws <see cref="ConfigurationException"/> naming the key when it is not configured.</summary>
    public ComponentSelection Get(ComponentSlot slot) =>
        Find(slot) ?? throw new ConfigurationException(new[] { new ConfigProblem(slot.Path + ":Type", null, "not configured") });
}
