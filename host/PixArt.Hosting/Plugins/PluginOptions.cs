namespace PixArt.Hosting.Plugins;

/// <summary>Settings of <c>PixArt:Plugins</c>.</summary>
public sealed class PluginOptions
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Plugins";

    /// <summary>
    /// Extra plugin folders (each holds <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> sub-folders). Relative paths are resolved against the
    /// configuration's base folder. The built-in folder <c>plugins/</c> next to the application is always searched first
    /// unless <see cref="IncludeBuiltIn"/> is false.
    /// </summary>
    public List<string> Paths { get; set; } = new();

    /// <summary>Whether the built-in plugin folder next to the application is searched.</summary>
    public bool IncludeBuiltIn { get; set; } = true;

    /// <summary>The folders to search, in order: the built-in one (when included), then <see cref="Paths"/> resolved against <paramref name="baseDirectory"/>.</summary>
    public IReadOnlyList<string> Folders(string baseDirectory)
    {
        var folders = new List<string>();
        if (IncludeBuiltIn) folders.Add(PluginCatalog.BuiltInFolder);
        folders.AddRange(Paths.Select(p => Path.GetFullPath(Path.Combine(baseDirectory, p))));
        return folders;
    }
}
