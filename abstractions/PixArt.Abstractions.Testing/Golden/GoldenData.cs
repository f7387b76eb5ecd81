namespace PixArt.Abstractions.Testing.Golden;

/// <summary>
/// Locates the reference-data folder: <c>PIXART_GOLDEN_DIR</c> when set, else <c>../shared/golden</c> beside the
/// repository root (the folder holding <c>PixArt.Framework.sln</c>).
/// </summary>
public static class GoldenData
{
    /// <summary>Environment variable that points at another reference set of the same layout.</summary>
    public const string Variable = "PIXART_GOLDEN_DIR";

    /// <summary>The reference-data folder; throws (failing the test) when it does not exist.</summary>
    public static string Root
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable(Variable);
            var root = !string.IsNullOrWhiteSpace(fromEnv)
                ? Path.GetFullPath(fromEnv)
                : Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "golden"));
            if (!Directory.Exists(root))
                throw new DirectoryNotFoundException($"reference data folder '{root}' does not exist (set {Variable} or place shared/golden beside the repository)");
            return root;
        }
    }

    /// <summary>Opens case <paramref name="name"/>; a missing case fails the calling test.</summary>
    public static GoldenCase Open(string name) => GoldenCase.Load(Path.Combine(Root, name));

    /// <summary>The repository root (folder with <c>PixArt.Framework.sln</c>) found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PixArt.Framework.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no PixArt.Framework.sln above {AppContext.BaseDirectory}");
    }
}
