namespace PixArt.Plugins.Datasets.Folders;

/// <summary>
/// Options of the <c>class-folders</c> data set: <see cref="FolderDatasetOptions.Path"/> holds one sub-folder per class
/// (sorted by ordinal name: class 0, 1, …; the folder names are the class names) with the images inside.
/// </summary>
public sealed class ClassFoldersOptions : FolderDatasetOptions
{
    /// <inheritdoc />
    protected internal override string FolderDescription => "a folder with one sub-folder of images per class";
}
