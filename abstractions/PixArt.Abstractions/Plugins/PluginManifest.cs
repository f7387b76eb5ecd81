using System.Text.RegularExpressions;

namespace PixArt.Abstractions.Plugins;

/// <summary>Identity of a plugin: validated kebab-case id, version, provided kinds, contract version.</summary>
public sealed partial record PluginManifest
{
    /// <summary>Creates a manifest; throws <see cref="ArgumentException"/> when the id is not kebab-case.</summary>
    public PluginManifest(string id, Version version, IReadOnlyList<ComponentKind> kinds, string description, int contractVersion = Plugins.ContractVersion.Current)
    {
        if (!IsValidId(id))
            throw new ArgumentException($"plugin id '{id}' is not kebab-case (lower-case letters, digits and single dashes, starting with a letter)", nameof(id));
        Id = id;
        Version = version ?? throw new ArgumentNullException(nameof(version));
        Kinds = kinds ?? throw new ArgumentNullException(nameof(kinds));
        Description = description ?? "";
        ContractVersion = contractVersion;
    }

    /// <summary>Kebab-case id, unique among loaded plugins (e.g. <c>dpm-solver</c>).</summary>
    public string Id { get; }

    /// <summary>The plugin's own version.</summary>
    public Version Version { get; }

    /// <summary>The component kinds the plugin registers.</summary>
    public IReadOnlyList<ComponentKind> Kinds { get; }

    /// <summary>One line saying what the plugin provides.</summary>
    public string Description { get; }

    /// <summary>The <see cref="Plugins.ContractVersion.Current"/> the plugin was compiled against.</summary>
    public int ContractVersion { get; }

    /// <summary>True when <paramref name="id"/> is a valid kebab-case component or plugin id.</summary>
    public static bool IsValidId(string? id) => id is not null && KebabCase().IsMatch(id);

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KebabCase();
}
