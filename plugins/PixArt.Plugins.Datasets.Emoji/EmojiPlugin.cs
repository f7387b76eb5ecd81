using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// Entry point of the <c>emoji</c> plugin. It provides no runtime component: its product is a dataset folder written by
/// <see cref="EmojiDatasetBuilder"/> (called by <c>pixart data emoji</c> or <c>tools/PixArt.Tools.EmojiData</c>), which
/// the generic image-folder dataset reads at training time. So the manifest lists no kinds and <see cref="Register"/>
/// adds nothing.
/// </summary>
public sealed class EmojiPlugin : IPixArtPlugin
{
    /// <summary>The plugin id.</summary>
    public const string Id = "emoji";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new(Id, new Version(0, 1, 0), Array.Empty<ComponentKind>(),
        "Emoji training set builder: Twemoji and Noto 64x64 images (npm emoji-datasource 16.0.0), dense captions, classes, fixed split");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) => ArgumentNullException.ThrowIfNull(context);
}
