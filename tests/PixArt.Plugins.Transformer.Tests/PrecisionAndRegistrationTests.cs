using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Hosting.Runtime;
using PixArt.Nn.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

public sealed class PrecisionAndRegistrationTests
{
    private readonly ITestOutputHelper _output;

    public PrecisionAndRegistrationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Half_precision_file_loads_into_float32_and_bfloat16_runtime_runs()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var folder = Directory.CreateTempSubdirectory("pixart-fp16-");
        try
        {
            var file = Path.Combine(folder.FullName, "official-fp16.safetensors");
            using (var source = new PrefixedWeightSource(golden.Data, "official."))
            using (var scope = NewDisposeScope())
                SafetensorsWriter.Write(file, source.Keys.ToDictionary(k => k, k => source.Read(k).to(ScalarType.Float16)));
            var options = TestComponents.OptionsFrom(TestComponents.Config(golden), file);
            using var expected = golden.Tensor("output");

            using (var model = new PixArtTransformerFactory().Create(TestComponents.Context(options)))
            using (var actual = TestComponents.Run(model, golden))
            {
                Assert.Equal(ScalarType.Float32, actual.dtype);
                var error = TensorAssert.RelativeError(actual, expected);
                _output.WriteLine($"fp16 weights, fp32 runtime: relative error {error:E3}");
                Assert.True(error < 1e-2, $"fp16 weights: relative error {error:E3}");
            }

            using (var model = new PixArtTransformerFactory().Create(TestComponents.Context(options, runtime: new RuntimeContext(CPU, ScalarType.BFloat16))))
            using (var actual = TestComponents.Run(model, golden))
            {
                Assert.Equal(ScalarType.BFloat16, actual.dtype);
                var error = TensorAssert.RelativeError(actual, expected);
                _output.WriteLine($"bf16 runtime: relative error {error:E3}");
                Assert.True(error < 5e-2, $"bf16 runtime: relative error {error:E3}");
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Plugins_register_their_components_without_side_effects()
    {
        IPixArtPlugin[] plugins =
        {
            new PixArtTransformerPlugin(), new AdaLnSingle.AdaLnSinglePlugin(), new CrossAttention.CrossAttentionPlugin(),
            new ClassConditioning.ClassConditioningPlugin(),
        };
        var services = new ServiceCollection();
        var components = new List<ComponentDescriptor>();
        foreach (var plugin in plugins)
        {
            var context = new PluginRegistrationContext(services, new ConfigurationBuilder().Build(), AppContext.BaseDirectory, plugin.Manifest);
            plugin.Register(context);
            components.AddRange(context.Components);
            Assert.All(context.Components, c => Assert.Contains(c.Kind, plugin.Manifest.Kinds));
        }
        Assert.Equal(
            new[] { "adaln-single", "adaln-zero", "class-label", "cross-attention", "pixart-transformer" },
            components.Select(c => c.TypeId).Order());
        using var provider = services.BuildServiceProvider();
        Assert.IsType<PixArtTransformerFactory>(provider.GetRequiredKeyedService<IDenoiserFactory>("pixart-transformer"));
    }
}
