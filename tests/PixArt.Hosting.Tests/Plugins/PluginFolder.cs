using PixArt.Abstractions.Testing.Golden;

namespace PixArt.Hosting.Tests.Plugins;

/// <summary>A temporary plugin folder filled with fixture plugins built into artifacts/test-plugins/.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder(params string[] fixtures)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pixart-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        foreach (var fixture in fixtures) Add(fixture);
    }

    public string Path { get; }

    public static string FixtureOutput(string name) =>
        System.IO.Path.Combine(GoldenData.RepositoryRoot(), "artifacts", "test-plugins", name);

    /// <summary>Copies fixture <paramref name="name"/> into <c>&lt;folder&gt;/&lt;name&gt;/</c>.</summary>
    public string Add(string name)
    {
        var source = FixtureOutput(name);
        if (!Directory.Exists(source)) throw new DirectoryNotFoundException($"fixture plugin {name} was not built to {source}");
        var target = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        return System.IO.Path.Combine(target, name + ".dll");
    }

    /// <summary>Creates <c>&lt;folder&gt;/&lt;name&gt;/&lt;name&gt;.dll</c> with <paramref name="bytes"/> (a corrupt assembly).</summary>
    public string AddRaw(string name, byte[] bytes)
    {
        var target = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(target);
        var dll = System.IO.Path.Combine(target, name + ".dll");
        File.WriteAllBytes(dll, bytes);
        return dll;
    }

    /// <summary>Creates an empty plugin sub-folder (missing assembly).</summary>
    public string AddEmpty(string name)
    {
        var target = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(target);
        return target;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
