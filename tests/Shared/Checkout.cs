namespace PixArt.Tests.Shared;

/// <summary>The checkout the tests were built from: the folder above the test binaries that holds PixArt.Framework.sln.</summary>
internal static class Checkout
{
    /// <summary>The checkout's root folder; throws when the binaries do not sit inside one.</summary>
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "PixArt.Framework.sln"))) return folder.FullName;
            throw new InvalidOperationException("PixArt.Framework.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
