using PixArt.Abstractions.Plugins;

namespace PixArt.TestPlugins.OldContract;

public sealed class OldContractPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("old-contract", new Version(1, 0, 0), Array.Empty<ComponentKind>(), "built for contract 0", contractVersion: 0);
    public void Register(PluginRegistrationContext context) { }
}
