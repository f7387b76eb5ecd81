using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Plugins;

namespace MyCodec;

/// <summary>Entry point of the plugin: registers the <c>my-codec</c> codec.</summary>
public sealed class SpaceToDepthCodecPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("my-codec", new Version(0, 1, 0), [ComponentKind.LatentCodec], "an exact space-to-depth codec");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ILatentCodecFactory, SpaceToDepthCodecFactory, SpaceToDepthCodecOptions>(ComponentKind.LatentCodec, "my-codec",
            "space-to-depth: each f×f block of pixels becomes 3·f² latent channels, exactly invertible");
}
