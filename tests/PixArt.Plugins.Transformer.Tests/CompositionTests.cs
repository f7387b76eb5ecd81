using PixArt.Nn.Weights;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Plugins.AdaLnSingle;
using PixArt.Plugins.ClassConditioning;
using PixArt.Plugins.CrossAttention;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>The same factory builds different models when only the children's options change.</summary>
public sealed class CompositionTests
{
    [Fact]
    public void Conditioning_is_swapped_by_options_alone()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        var config = TestComponents.Config(golden);
        var options = TestComponents.OptionsFrom(config);
        var factory = new PixArtTransformerFactory();

        using var text2image = factory.Create(TestComponents.Context(options));
        Assert.IsType<AdaLnSingleConditioning>(text2image.TimestepConditioning);
        Assert.IsType<CrossAttentionConditioning>(text2image.TextConditioning);
        using (var y = text2image.Forward(golden.Tensor("input.x"), golden.Tensor("input.timestep"), TestComponents.Condition(golden)))
            Assert.Equal(new long[] { golden.Tensor("input.x").shape[0], config.OutChannels, 8, 8 }.Take(2), y.shape.Take(2));

        using var classModel = factory.Create(TestComponents.Context(options, "adaln-zero", "class-label", textOptions: new ClassLabelOptions { NumClasses = 10 }));
        Assert.IsType<AdaLnZeroConditioning>(classModel.TimestepConditioning);
        Assert.IsType<ClassLabelConditioning>(classModel.TextConditioning);
        Assert.Null(classModel.TextConditioning.CaptionChannels);
        var keys = classModel.state_dict().Keys.ToList();
        Assert.Contains("timestep_conditioning.blocks.0.adaLN_modulation.weight", keys);
        Assert.Contains("text_conditioning.embedding_table.weight", keys);
        Assert.DoesNotContain(keys, k => k.Contains("cross_attn") || k.Contains("q_linear"));

        // Micro-conditions follow the adaln-single option when set.
        using var micro = factory.Create(TestComponents.Context(new PixArtTransformerOptions
        {
            HiddenSize = 48, Heads = 4, Depth = 1, SampleSize = 16, CaptionChannels = 8, CaptionTokens = 4,
        }, timestepOptions: new AdaLnSingleOptions { MicroConditions = true }));
        Assert.True(micro.TimestepConditioning.UsesMicroConditions);
    }

    [Fact]
    public void Preset_sets_the_xl_dimensions()
    {
        var c = PixArtTransformerConfig.FromPreset("XL-2-1024-MS");
        Assert.Equal((1152, 28, 16, 2, 4, 8, 128, 4096), (c.HiddenSize, c.Depth, c.Heads, c.PatchSize, c.InChannels, c.OutChannels, c.SampleSize, c.CaptionChannels));
        Assert.Equal(2.0, c.EffectiveInterpolationScale);
        Assert.True(c.MicroConditions);
        Assert.Equal(1.0, PixArtTransformerConfig.FromPreset("XL-2-256").EffectiveInterpolationScale);
    }

    [Fact]
    public void Null_condition_is_the_learned_caption_with_the_prompt_mask_and_equals_drop_mask()
    {
        using var golden = GoldenData.Open("transformer_tiny");
        using var source = new PrefixedWeightSource(golden.Data, "official.");
        using var model = PixArtTransformerFactory.Create(TestComponents.Context(), TestComponents.Config(golden), source);
        var prompt = TestComponents.Condition(golden);
        var nullCondition = model.NullCondition(prompt);
        using var stored = source.Read("y_embedder.y_embedding");
        var b = prompt.Caption!.shape[0];
        TensorAssert.Close(nullCondition.Caption!, stored.unsqueeze(0).expand(b, -1, -1), 0, "null caption tiled over the batch");
        Assert.Same(prompt.CaptionMask, nullCondition.CaptionMask);

        using var inference = inference_mode();
        using var x = golden.Tensor("input.x");
        using var t = golden.Tensor("input.timestep");
        using var unconditional = model.Forward(x, t, nullCondition);
        using var dropped = model.Forward(x, t, prompt with { DropMask = ones(b, ScalarType.Bool) });
        TensorAssert.Close(dropped, unconditional, 1e-6, "DropMask substitution vs NullCondition");
        using var conditional = model.Forward(x, t, prompt);
        Assert.True(TensorAssert.RelativeError(conditional, unconditional) > 1e-3, "the caption has no effect");
    }
}
