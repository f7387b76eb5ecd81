using PixArt.Abstractions.Data;
using PixArt.Plugins.Datasets.Folders.Images;

namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>Reads every candidate's header (in parallel, results in index order): usable items and refused files.</summary>
internal static class HeaderScan
{
    public static (List<FolderEntry> Entries, List<DatasetProblem> Problems) Run(IReadOnlyList<Candidate> candidates, ImageReader reader)
    {
        var headers = new ImageHeader[candidates.Count];
        Parallel.For(0, candidates.Count, i => headers[i] = reader.ReadHeader(candidates[i].FullPath));
        var entries = new List<FolderEntry>(candidates.Count);
        var problems = new List<DatasetProblem>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var (c, h) = (candidates[i], headers[i]);
            if (h.Problem is not null) problems.Add(new DatasetProblem(c.Key, h.Problem));
            else entries.Add(new FolderEntry(new DatasetItem(c.Key, h.Height, h.Width, c.Caption, c.ClassLabel), c.FullPath));
        }
        return (entries, problems);
    }
}
