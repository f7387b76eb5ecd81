using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;

namespace PixArt.Hosting.Composition;

/// <summary>
/// Resolves each configured slot's <c>Type</c> against the loaded plugins, binds and validates its options and children,
/// and collects every problem with its key path and the allowed values.
/// </summary>
public static class ComponentConfigurationValidator
{
    /// <summary>Validates <paramref name="slots"/>; returns the selections of the present (or required) slots.</summary>
    public static IReadOnlyDictionary<string, ComponentSelection> Validate(
        IConfiguration configuration, PluginCatalog catalog, IEnumerable<ComponentSlot> slots, ICollection<ConfigProblem> problems)
    {
        var result = new Dictionary<string, ComponentSelection>(StringComparer.OrdinalIgnoreCase);
        foreach (var slot in slots)
        {
            var selection = Resolve(slot, configuration.GetSection(slot.Path), catalog, problems);
            if (selection is not null) result[slot.Path] = selection;
        }
        return result;
    }

    private static ComponentSelection? Resolve(ComponentSlot slot, IConfigurationSection section, PluginCatalog catalog, ICollection<ConfigProblem> problems)
    {
        var typeSection = section.GetSection("Type");
        var allowed = catalog.TypeIds(slot.Kind);
        if (!section.Exists() || string.IsNullOrWhiteSpace(typeSection.Value))
        {
            if (slot.Required)
                problems.Add(new ConfigProblem(typeSection.Path, null,
                    $"a {ComponentKinds.DisplayName(slot.Kind)} is required; loaded: {Allowed(allowed)}{FailedPlugins(catalog)}"));
            return null;
        }
        var typeId = typeSection.Value!;
        if (catalog.Find(slot.Kind, typeId) is not { } found)
        {
            problems.Add(new ConfigProblem(typeSection.Path, typeId,
                $"unknown {ComponentKinds.DisplayName(slot.Kind)}; loaded: {Allowed(allowed)}{FailedPlugins(catalog)}"));
            return null;
        }

        var options = OptionsBinder.Bind(found.Component.OptionsType, section, problems, slot.Children.Select(c => c.Path));
        var children = new Dictionary<string, ComponentSelection>(StringComparer.OrdinalIgnoreCase);
        foreach (var childSlot in slot.Children)
        {
            var child = Resolve(childSlot, section.GetSection(childSlot.Path), catalog, problems);
            if (child is not null) children[childSlot.Path] = child;
        }
        return new ComponentSelection(slot, section, found.Component, found.Plugin, options, children);
    }

    private static string Allowed(IReadOnlyList<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);

    private static string FailedPlugins(PluginCatalog catalog) =>
        catalog.Problems.Count == 0 ? "" : $" (plugins that failed to load: {string.Join("; ", catalog.Problems)})";
}
