using PixArt.Nn.Weights;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Weights;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>The transformer against the diffusers forward of the reference cases, loaded from every supported layout.</summary>
public sealed class ConformanceTests
{
    private readonly ITestOutputHelper _output;

    public ConformanceTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("transformer_tiny", "weights.", CheckpointLayout.Diffusers)]
    [InlineData("transformer_tiny", "official.", CheckpointLayout.Official)]
    [InlineData("transformer_tiny_ms", "weights.", CheckpointLayout.Diffusers)]
    [InlineData("transformer_tiny_ms", "official.", CheckpointLayout.Official)]
    public void Forward_matches_reference(string caseName, string prefix, CheckpointLayout expectedLayout)
    {
        using var golden = GoldenData.Open(caseName);
        using var source = new PrefixedWeightSource(golden.Data, prefix);
        Assert.Equal(expectedLayout, PixArtCheckpoint.DetectLayout(source));
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(), TestComponents.Config(golden), source);
        using var actual = TestComponents.Run(model, golden);
        using var expected = golden.Tensor("output");
        _output.WriteLine($"{caseName} [{prefix}*] relative error {TensorAssert.RelativeError(actual, expected):E3}");
        TensorAssert.Close(actual, expected, golden.ToleranceRel, $"{caseName} from {prefix}* keys");
    }

    [Fact]
    public void Official_pth_loads_through_the_weight_store_and_options()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var path = Path.Combine(golden.Folder, "official.pth");
        var options = TestComponents.OptionsFrom(TestComponents.Config(golden), path);
        using var model = new PixArtTransformerFactory().Create(TestComponents.Context(options));
        using var actual = TestComponents.Run(model, golden);
        using var expected = golden.Tensor("output");
        _output.WriteLine($"official.pth relative error {TensorAssert.RelativeError(actual, expected):E3}");
        TensorAssert.Close(actual, expected, golden.ToleranceRel, "transformer_tiny from official.pth");
        // The file's null caption is loaded (the stored pos_embed is ignored and recomputed).
        using var source = new WeightStore().Open(path);
        using var stored = source.Read("y_embedder.y_embedding");
        var module = Assert.IsType<PixArt.Plugins.CrossAttention.CrossAttentionConditioning>(model.TextConditioning);
        TensorAssert.Close(module.NullCaption, stored, 0, "null caption");
    }

    [Theory]
    [InlineData("transformer_tiny")]
    [InlineData("transformer_tiny_ms")]
    public void Save_and_reload_in_every_layout_reproduces_the_output(string caseName)
    {
        using var golden = GoldenData.Open(caseName);
        var config = TestComponents.Config(golden);
        using var source = new PrefixedWeightSource(golden.Data, "official.");
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(), config, source);
        using var reference = TestComponents.Run(model, golden);
        var store = new WeightStore();
        var folder = Directory.CreateTempSubdirectory("pixart-save-");
        try
        {
            foreach (var layout in new[] { CheckpointLayout.Diffusers, CheckpointLayout.Official, CheckpointLayout.Native })
            {
                // Diffusers goes to a component folder (with config.json, so no dims are given); the others to one file.
                var target = layout == CheckpointLayout.Diffusers
                    ? Path.Combine(folder.FullName, "transformer")
                    : Path.Combine(folder.FullName, $"{layout}.safetensors".ToLowerInvariant());
                var written = PixArtCheckpoint.Save(model, store, target, layout);
                Assert.True(File.Exists(written));
                var options = layout == CheckpointLayout.Diffusers
                    ? new PixArtTransformerOptions { Weights = target }
                    : TestComponents.OptionsFrom(config, target);
                using var reloaded = new PixArtTransformerFactory().Create(TestComponents.Context(options));
                using (var check = store.Open(written)) Assert.Equal(layout, PixArtCheckpoint.DetectLayout(check));
                using var again = TestComponents.Run(reloaded, golden);
                _output.WriteLine($"{caseName} saved as {layout}: relative difference {TensorAssert.RelativeError(again, reference):E3}");
                TensorAssert.Close(again, reference, 1e-6, $"{caseName} reloaded from {layout}");
                Assert.Equal(model.TimestepConditioning.UsesMicroConditions, reloaded.TimestepConditioning.UsesMicroConditions);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Forward_with_autograd_matches_inference_and_backpropagates()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        using var source = new PrefixedWeightSource(golden.Data, "official.");
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(), TestComponents.Config(golden), source);
        using var inferred = TestComponents.Run(model, golden);
        using var scope = NewDisposeScope();
        var latents = golden.Tensor("input.x").requires_grad_(true);
        var output = model.Forward(latents, golden.Tensor("input.timestep"), TestComponents.Condition(golden));
        Assert.True(output.requires_grad);
        TensorAssert.Close(output.detach(), inferred, 1e-6, "autograd forward vs inference forward");
        output.square().mean().backward();
        Assert.True(latents.grad is not null && latents.grad.abs().sum().item<float>() > 0, "no gradient reached the latents");
        foreach (var (name, p) in model.named_parameters())
            if (p.requires_grad) Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
    }
}
