namespace PixArt.Server.Tests.Infrastructure;

/// <summary>The checkout the tests were built from (the folder holding PixArt.Framework.sln).</summary>
public static class RepositoryRoot
{
    public static string Path => PixArt.Tests.Shared.Checkout.Root;

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
