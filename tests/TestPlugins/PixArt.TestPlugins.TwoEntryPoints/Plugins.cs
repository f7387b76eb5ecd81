using PixArt.Abstractions.Plugins;

namespace PixArt.TestPlugins.TwoEntryPoints;

public sealed class FirstPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("first", new Version(1, 0, 0), Array.Empty<ComponentKind>(), "first");
    public void Register(PluginRegistrationContext context) { }
}

public sealed class SecondPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("second", new Version(1, 0, 0), Array.Empty<ComponentKind>(), "second");
    public void Register(PluginRegistrationContext context) { }
}
