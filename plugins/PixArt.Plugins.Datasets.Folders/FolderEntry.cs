using PixArt.Abstractions.Data;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>A usable item and the file its pixels come from.</summary>
internal sealed record FolderEntry(DatasetItem Item, string FullPath);
