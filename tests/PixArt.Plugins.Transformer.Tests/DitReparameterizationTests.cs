using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Plugins.ClassConditioning;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>Reference 7.3: after <c>InitializeFrom</c>, PixArt at t = 500 equals the class-conditional source without a class.</summary>
public sealed class DitReparameterizationTests
{
    private const float Timestep = 500;

    [Fact]
    public void PixArt_reproduces_the_class_free_source_at_the_matched_timestep()
    {
        manual_seed(21);
        var config = new PixArtTransformerConfig(24, 2, 2, 2, 4, 8, 8, 16, CaptionTokens: 5);
        var classes = new ClassLabelOptions { NumClasses = 10 };
        using var dit = PixArtTransformerFactory.Build(TestComponents.Context(timestep: "adaln-zero", text: "class-label", textOptions: classes), config);
        using var pixart = PixArtTransformerFactory.Build(TestComponents.Context(), config);
        pixart.InitializeFrom(dit, Timestep);

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        // The null-class row set to zero stands for "no class vector".
        dit.state_dict()["text_conditioning.embedding_table.weight"][classes.NumClasses].zero_();
        var x = randn(2, 4, 8, 8);
        var t = full(2, Timestep);
        var expected = dit.Forward(x, t, new ConditionInput { ClassLabels = full(2, (long)classes.NumClasses) });
        var captionA = new ConditionInput { Caption = randn(2, 5, 16), CaptionMask = ones(2, 5) };
        var captionB = new ConditionInput { Caption = randn(2, 5, 16), CaptionMask = ones(2, 5) };
        TensorAssert.Close(pixart.Forward(x, t, captionA), expected, 1e-5, "PixArt after transfer vs class-free DiT");
        TensorAssert.Close(pixart.Forward(x, t, captionB), expected, 1e-5, "the zeroed cross-attention ignores the caption");
        // At another timestep the shared t_block (zero) no longer tracks the per-block MLPs.
        var other = full(2, 50f);
        Assert.True(TensorAssert.RelativeError(pixart.Forward(x, other, captionA),
            dit.Forward(x, other, new ConditionInput { ClassLabels = full(2, (long)classes.NumClasses) })) > 1e-4);
    }
}
