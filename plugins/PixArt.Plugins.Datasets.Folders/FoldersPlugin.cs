using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>
/// Entry point of the <c>folders</c> plugin: the <c>image-folder</c> data set (images named by a <c>captions.jsonl</c>
/// index, with captions and optional classes) and the <c>class-folders</c> data set (one sub-folder per class).
/// </summary>
public sealed class FoldersPlugin : IPixArtPlugin
{
    /// <summary>The plugin id.</summary>
    public const string Id = "folders";

    /// <summary>Type id of the captioned image folder.</summary>
    public const string ImageFolder = "image-folder";

    /// <summary>Type id of the one-folder-per-class data set.</summary>
    public const string ClassFolders = "class-folders";

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new(Id, new Version(0, 1, 0), new[] { ComponentKind.Dataset },
        "Training images from folders: images + captions.jsonl (image-folder) or one sub-folder per class (class-folders)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context
            .AddComponent<IDatasetFactory, ImageFolderDatasetFactory, ImageFolderOptions>(ComponentKind.Dataset, ImageFolder,
                "Images named by captions.jsonl (file, caption, class), optional classes.json, split and field filters")
            .AddComponent<IDatasetFactory, ClassFoldersDatasetFactory, ClassFoldersOptions>(ComponentKind.Dataset, ClassFolders,
                "One sub-folder per class (sorted names are the class indices), images inside, no captions");
    }
}
