namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>An image the index names, before its header is read.</summary>
/// <param name="Key">Path relative to the data set folder, '/'-separated.</param>
/// <param name="FullPath">Absolute path of the file.</param>
/// <param name="Caption">Caption, if any.</param>
/// <param name="ClassLabel">Class index, if any.</param>
internal sealed record Candidate(string Key, string FullPath, string? Caption, int? ClassLabel);
