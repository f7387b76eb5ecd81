namespace PixArt.Abstractions.Plugins;

/// <summary>
/// The entry point of a plugin assembly. Each plugin assembly has exactly one public, non-abstract
/// implementation with a public parameterless constructor that does nothing.
/// </summary>
public interface IPixArtPlugin
{
    /// <summary>Who the plugin is: id, version, kinds it provides, contract version.</summary>
    PluginManifest Manifest { get; }

    /// <summary>
    /// Adds the plugin's services and declares its components. Must only register services:
    /// no tensor allocation, no file or network I/O, no static mutable state.
    /// </summary>
    void Register(PluginRegistrationContext context);
}
