using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// Entry point of the <c>emoji</c> plugin: the <c>emoji</c> data set builder (<see cref="EmojiDatasetBuilderComponent"/>,
/// kind <see cref="ComponentKind.DatasetBuilder"/>), which <c>pixart data emoji</c> runs. Its product is a folder that
/// the generic <c>image-folder</c> data set (plugin <c>folders</c>) reads at training time, so there is no
/// <see cref="IDatasetFactory"/> here.
/// </summary>
public sealed class EmojiPlugin : IPixArtPlugin
{
    /// <summary>The plugin id, also the builder's component type id.</summary>
    public const string Id = "emoji";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new(Id, new Version(0, 2, 0), new[] { ComponentKind.DatasetBuilder },
        "Emoji training set builder: Twemoji and Noto 64x64 images (npm emoji-datasource 16.0.0), dense captions, classes, fixed split");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddComponent<IDatasetBuilder, EmojiDatasetBuilderComponent, EmojiBuilderOptions>(ComponentKind.DatasetBuilder, Id,
            "Builds the emoji data set folder (images/<style>/<unified>.png, captions.jsonl, classes.json) from the npm emoji-datasource packages");
    }
}
