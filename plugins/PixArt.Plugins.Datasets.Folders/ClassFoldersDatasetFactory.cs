using System.Globalization;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Plugins.Datasets.Folders.Images;
using PixArt.Plugins.Datasets.Folders.Indexing;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>
/// Opens a <c>class-folders</c> data set (<see cref="ClassFoldersOptions"/>): one sub-folder per class, sorted by ordinal
/// name into class indices, the folder names being the class names; every file inside is an item of its class (no
/// captions). Files that are not usable images go to <see cref="IDataset.Skipped"/> with the reason.
/// </summary>
public sealed class ClassFoldersDatasetFactory : IDatasetFactory
{
    /// <inheritdoc />
    public IDataset Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<ClassFoldersOptions>();
        DatasetFolder.ThrowIfInvalid(context, options);
        var folder = DatasetFolder.Require(context, options);

        var (classes, candidates) = ClassFolderScan.Scan(folder);
        var reader = new ImageReader(ImageLimits.From(options));
        var (entries, problems) = HeaderScan.Run(candidates, reader);
        if (entries.Count == 0)
            throw DatasetFolder.Empty(context, options, folder, reader, problems,
                string.Create(CultureInfo.InvariantCulture, $"{classes.Count} class folders, {candidates.Count} files"));
        return new FolderDataset(entries, classes, problems, reader);
    }
}
