using System.Text;

namespace PixArt.Nn.Runtime;

/// <summary>Finds the system <c>libstdc++.so.6</c> and tells whether it provides a symbol version.</summary>
internal static class LibStdCxxProbe
{
    private static readonly string[] Candidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
    };

    /// <summary>The libstdc++ this process uses (from <c>/proc/self/maps</c>) or would load, or null when none is found.</summary>
    public static string? Locate()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at >= 0 && line.Contains("libstdc++.so.6", StringComparison.Ordinal)) return line[at..].Trim();
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return Candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>True when <paramref name="library"/> defines <paramref name="version"/> (e.g. <c>GLIBCXX_3.4.32</c>).</summary>
    public static bool Provides(string library, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var bytes = File.ReadAllBytes(library);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }
}
