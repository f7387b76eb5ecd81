namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>
/// Lists a class-folders data set: the sub-folders of the root sorted by ordinal name are classes 0, 1, …; every file
/// under a class folder (at any depth, sorted by path) is a candidate of that class. Hidden files and folders (names
/// starting with '.') and files directly in the root are ignored.
/// </summary>
internal static class ClassFolderScan
{
    private static readonly EnumerationOptions Files = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        IgnoreInaccessible = true,
    };

    public static (IReadOnlyList<string> Classes, IReadOnlyList<Candidate> Candidates) Scan(string folder)
    {
        var classes = new DirectoryInfo(folder).EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.'))
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
        var candidates = new List<Candidate>();
        for (var label = 0; label < classes.Count; label++)
        {
            var files = Directory.EnumerateFiles(Path.Combine(folder, classes[label]), "*", Files)
                .Select(f => (Key: Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), Full: f))
                .Where(f => !f.Key.Split('/').Any(s => s.StartsWith('.')))
                .OrderBy(f => f.Key, StringComparer.Ordinal);
            candidates.AddRange(files.Select(f => new Candidate(f.Key, f.Full, null, label)));
        }
        return (classes, candidates);
    }
}
