using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Weights;
using PixArt.Nn.Weights;
using PixArt.Plugins.ClassConditioning;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary><c>Describe</c> says what <c>Create</c> builds, before anything is allocated: dimensions, conditioning facts, parameters.</summary>
public sealed class DescribeTests
{
    private static long Parameters(TorchSharp.torch.nn.Module module) => module.parameters().Sum(p => p.numel());

    [Theory]
    [InlineData("adaln-single", "cross-attention")]
    [InlineData("adaln-zero", "class-label")]
    public void Describe_counts_the_parameters_Create_allocates(string timestep, string text)
    {
        var options = new PixArtTransformerOptions { HiddenSize = 48, Depth = 2, Heads = 4, SampleSize = 8, CaptionChannels = 16, CaptionTokens = 6 };
        var context = TestComponents.Context(options, timestep, text, textOptions: text == "class-label" ? new ClassLabelOptions { NumClasses = 7 } : null);
        var factory = new PixArtTransformerFactory();
        var info = factory.Describe(context);
        using var model = factory.Create(context);
        Assert.Equal(Parameters(model), info.ParameterCount);
        Assert.Equal(Parameters(model.TimestepConditioning), info.TimestepConditioning.ParameterCount);
        Assert.Equal(Parameters(model.TextConditioning), info.TextConditioning.ParameterCount);
        Assert.Equal(model.Info, info);
        Assert.False(info.TextConditioning.HasLearnedNullCondition); // initialised, not loaded
    }

    [Fact]
    public void Describe_reads_the_null_caption_and_micro_conditions_from_the_checkpoint_headers()
    {
        using var golden = GoldenData.Open("transformer_tiny_ms");
        var config = TestComponents.Config(golden);
        var folder = Directory.CreateTempSubdirectory("pixart-describe-");
        try
        {
            // The official layout carries the learned null caption and the size embedders.
            using (var source = new PrefixedWeightSource(golden.Data, "official."))
            using (var model = PixArtTransformerFactory.Create(TestComponents.Context(), config, source))
                new PixArtTransformerFactory().Save(model, new WeightStore(), folder.FullName, CheckpointLayout.Official);
            var info = new PixArtTransformerFactory().Describe(TestComponents.Context(new PixArtTransformerOptions { Weights = folder.FullName }));
            using var nullCaption = golden.Tensor("official.y_embedder.y_embedding");
            Assert.True(info.UsesMicroConditions);
            Assert.True(info.TextConditioning.HasLearnedNullCondition);
            Assert.Equal((int)nullCaption.shape[0], info.TextConditioning.NullConditionTokens);
            Assert.Equal(config.Depth, info.Dimensions.Depth);
            using var loaded = new PixArtTransformerFactory().Create(TestComponents.Context(new PixArtTransformerOptions { Weights = folder.FullName }));
            Assert.Equal(loaded.Info, info);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
