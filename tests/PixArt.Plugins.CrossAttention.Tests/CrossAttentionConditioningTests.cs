using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.CrossAttention.Tests;

public sealed class CrossAttentionConditioningTests
{
    private static readonly DenoiserDimensions Dims = new(24, 2, 2, 16, 5);

    [Fact]
    public void Padded_caption_tokens_have_no_effect()
    {
        manual_seed(11);
        using var module = new CrossAttentionConditioning(Dims, Dims.CaptionTokens, learnedNullCaption: true);
        using var scope = NewDisposeScope();
        var tokens = randn(2, 9, 24);
        var caption = randn(2, 5, 16);
        var mask = tensor(new float[,] { { 1, 1, 1, 0, 0 }, { 1, 1, 1, 1, 1 } });
        var changed = caption.clone();
        changed[0, 3] = randn(16) * 100;
        var a = module.ApplyToBlock(0, tokens, module.Prepare(new ConditionInput { Caption = caption, CaptionMask = mask }));
        var b = module.ApplyToBlock(0, tokens, module.Prepare(new ConditionInput { Caption = changed, CaptionMask = mask }));
        TensorAssert.Close(b, a, 1e-6, "padding changed");
        var unmasked = module.ApplyToBlock(0, tokens, module.Prepare(new ConditionInput { Caption = changed }));
        Assert.True(TensorAssert.RelativeError(unmasked, a) > 1e-3, "without a mask every token counts");
    }

    [Fact]
    public void Caption_width_is_checked()
    {
        using var module = new CrossAttentionConditioning(Dims, Dims.CaptionTokens, learnedNullCaption: true);
        var error = Assert.Throws<ArgumentException>(() => module.Prepare(new ConditionInput { Caption = zeros(1, 5, 8) }));
        Assert.Contains("[B, L, 16]", error.Message);
    }

    [Theory]
    [InlineData(CheckpointLayout.Official, false)]
    [InlineData(CheckpointLayout.Diffusers, true)] // the null caption has no diffusers key
    public void Key_maps_cover_the_module(CheckpointLayout layout, bool nullCaptionAbsent)
    {
        using var module = new CrossAttentionConditioning(Dims, Dims.CaptionTokens, learnedNullCaption: true);
        var map = module.KeyMap(layout);
        var plan = map.PlanSave(module.state_dict().Keys, out var unmatched);
        Assert.Empty(unmatched);
        Assert.Equal(nullCaptionAbsent, map.IsAbsent("y_embedding"));
        Assert.Equal(!nullCaptionAbsent, plan.ContainsKey("y_embedding"));
    }

    [Fact]
    public void Diffusers_keys_fuse_k_and_v_in_order()
    {
        using var module = new CrossAttentionConditioning(Dims, Dims.CaptionTokens, learnedNullCaption: true);
        var plan = module.KeyMap(CheckpointLayout.Diffusers).PlanSave(module.state_dict().Keys, out _);
        Assert.Equal(new[] { "transformer_blocks.1.attn2.to_k.weight", "transformer_blocks.1.attn2.to_v.weight" }, plan["blocks.1.kv_linear.weight"]);
        Assert.Equal(new[] { "caption_projection.linear_1.bias" }, plan["y_proj.fc1.bias"]);
    }
}
