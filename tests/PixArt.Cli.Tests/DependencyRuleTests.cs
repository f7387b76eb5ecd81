using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PixArt.Cli.Tests;

/// <summary>
/// The layering of architecture.md: plugins reference only the abstractions (and their own private packages);
/// the abstractions reference no host or plugin; host assemblies reference no plugin. Read from the built assemblies.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string Bin = AppContext.BaseDirectory;

    private static IReadOnlyList<string> References(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
    }

    private static IEnumerable<string> PluginAssemblies()
    {
        var folder = Path.Combine(Bin, "plugins");
        Assert.True(Directory.Exists(folder), $"no built-in plugin folder at {folder}");
        var dlls = Directory.GetDirectories(folder).Select(d => Path.Combine(d, Path.GetFileName(d) + ".dll")).ToList();
        Assert.NotEmpty(dlls);
        return dlls;
    }

    [Fact]
    public void PluginsReferenceOnlyTheAbstractionsOfTheFramework()
    {
        foreach (var dll in PluginAssemblies())
        {
            var own = Path.GetFileNameWithoutExtension(dll);
            var framework = References(dll).Where(r => r.StartsWith("PixArt.", StringComparison.Ordinal)).ToList();
            var bad = framework.Where(r => r is not ("PixArt.Abstractions" or "PixArt.Nn" or "PixArt.Diffusion")).ToList();
            Assert.True(bad.Count == 0, $"{own} references {string.Join(", ", bad)}; plugins may reference only PixArt.Abstractions, PixArt.Nn and PixArt.Diffusion");
        }
    }

    [Fact]
    public void PluginFoldersCarryNoCopyOfTheSharedAssemblies()
    {
        foreach (var dll in PluginAssemblies())
        {
            var folder = Path.GetDirectoryName(dll)!;
            foreach (var shared in new[] { "TorchSharp.dll", "PixArt.Abstractions.dll", "PixArt.Nn.dll", "PixArt.Diffusion.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll" })
                Assert.False(File.Exists(Path.Combine(folder, shared)), $"{folder} has its own {shared}; shared assemblies must come from the host");
            Assert.Empty(Directory.GetFiles(folder, "libtorch*"));
        }
    }

    [Fact]
    public void AbstractionsReferenceNoHostAndNoPlugin()
    {
        foreach (var name in new[] { "PixArt.Abstractions", "PixArt.Nn", "PixArt.Diffusion" })
        {
            var refs = References(Path.Combine(Bin, name + ".dll"));
            var bad = refs.Where(r => r.StartsWith("PixArt.Hosting", StringComparison.Ordinal) || r.StartsWith("PixArt.Cli", StringComparison.Ordinal)
                || r.StartsWith("PixArt.Server", StringComparison.Ordinal) || r.StartsWith("PixArt.Plugins.", StringComparison.Ordinal)
                || r.StartsWith("McMaster.", StringComparison.Ordinal) || r == "Microsoft.Extensions.Hosting").ToList();
            Assert.True(bad.Count == 0, $"{name} references {string.Join(", ", bad)}");
        }
    }

    [Fact]
    public void HostAssembliesReferenceNoPlugin()
    {
        foreach (var name in new[] { "PixArt.Hosting", "PixArt.Server", "PixArt.Cli" })
        {
            var bad = References(Path.Combine(Bin, name + ".dll")).Where(r => r.StartsWith("PixArt.Plugins.", StringComparison.Ordinal)).ToList();
            Assert.True(bad.Count == 0, $"{name} references plugin assemblies {string.Join(", ", bad)}");
        }
    }
}
