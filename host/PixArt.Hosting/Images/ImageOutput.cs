namespace PixArt.Hosting.Images;

/// <summary>
/// Checked target paths of a request's images (<see cref="ImageOutputPlan.Plan"/>) and the writing of them: all-or-nothing,
/// each image to a hidden temporary file in the target folder first, then renamed into place. On any failure every
/// temporary, every image already placed and every folder created is removed, and the error names the target, never a
/// temporary.
/// </summary>
/// <param name="Paths">One target path per image.</param>
/// <param name="Folder">The folder the images go in (created when writing if missing).</param>
public sealed record ImageOutput(IReadOnlyList<string> Paths, string Folder)
{
    /// <summary>Writes <paramref name="contents"/> (one encoded image per path).</summary>
    /// <exception cref="IOException">Naming the target that could not be written and why.</exception>
    public void WriteAll(IReadOnlyList<byte[]> contents) => WriteAll(contents, File.WriteAllBytes);

    /// <summary>As <see cref="WriteAll(IReadOnlyList{byte[]})"/> with the temporary-file writer replaced (tests).</summary>
    internal void WriteAll(IReadOnlyList<byte[]> contents, Action<string, byte[]> writeFile)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (contents.Count != Paths.Count) throw new ArgumentException($"{Paths.Count} images expected, got {contents.Count}", nameof(contents));
        var createdFolders = CreateFolders();
        var temps = new List<string>();
        var placed = new List<string>();
        var target = Paths[0];
        try
        {
            for (var i = 0; i < Paths.Count; i++)
            {
                target = Paths[i];
                var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
                temps.Add(temp);
                writeFile(temp, contents[i]);
            }
            for (var i = 0; i < Paths.Count; i++)
            {
                target = Paths[i];
                var existed = File.Exists(target);
                File.Move(temps[i], target, overwrite: true);
                if (!existed) placed.Add(target);
            }
            temps.Clear();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Clean(temps, placed, createdFolders);
            throw new IOException($"could not write '{target}': {Reason(e, temps.Append(target))}", e);
        }
        catch
        {
            Clean(temps, placed, createdFolders);
            throw;
        }
    }

    /// <summary>The cause of <paramref name="e"/> without the paths it names (temporary files must not appear in messages).</summary>
    internal static string Reason(Exception e, params IEnumerable<string> paths)
    {
        var message = e.Message;
        foreach (var path in paths) message = message.Replace($" : '{path}'", "", StringComparison.Ordinal).Replace($"'{path}'", "the file", StringComparison.Ordinal).Replace(path, "the file", StringComparison.Ordinal);
        return message.TrimEnd('.', ' ');
    }

    private List<string> CreateFolders()
    {
        var missing = new List<string>();
        for (var current = Folder; !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
            missing.Insert(0, current);
        try
        {
            foreach (var folder in missing) Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Clean([], [], missing);
            throw new IOException($"could not create the folder '{Folder}': {Reason(e, missing)}", e);
        }
        return missing;
    }

    private static void Clean(IEnumerable<string> temps, IEnumerable<string> placed, IReadOnlyList<string> createdFolders)
    {
        foreach (var file in temps.Concat(placed))
        {
            try { if (File.Exists(file)) File.Delete(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        for (var i = createdFolders.Count - 1; i >= 0; i--)
        {
            try { if (Directory.Exists(createdFolders[i]) && !Directory.EnumerateFileSystemEntries(createdFolders[i]).Any()) Directory.Delete(createdFolders[i]); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }
}
