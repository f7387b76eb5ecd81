namespace PixArt.Server.Tests.Infrastructure;

/// <summary>The checkout the tests were built from (the folder holding PixArt.Framework.sln).</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(System.IO.Path.Combine(folder.FullName, "PixArt.Framework.sln"))) return folder.FullName;
            throw new InvalidOperationException("PixArt.Framework.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
