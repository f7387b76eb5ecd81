using PixArt.Abstractions.Testing.Golden;
using PixArt.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Tests.Layers;

/// <summary>The reusable layers against straightforward formulations of the same math.</summary>
public sealed class LayerTests
{
    [Fact]
    public void Fused_linear_equals_matmul_plus_bias_for_2d_and_3d_input()
    {
        manual_seed(1);
        using var layer = new FusedLinear(6, 5);
        using var scope = NewDisposeScope();
        foreach (var x in new[] { randn(4, 6), randn(2, 3, 6) })
        {
            var expected = x.matmul(layer.Weight.t()) + layer.Bias!;
            TensorAssert.Close(layer.forward(x), expected, 1e-6, $"rank {x.dim()}");
        }
    }

    [Fact]
    public void Self_attention_equals_explicit_softmax_attention()
    {
        manual_seed(2);
        using var attention = new SelfAttention(8, 2);
        using var scope = NewDisposeScope();
        var x = randn(2, 5, 8);
        var qkv = attention.Qkv.forward(x).view(2, 5, 3, 2, 4).permute(2, 0, 3, 1, 4);
        var weights = (qkv[0].matmul(qkv[1].transpose(-1, -2)) / Math.Sqrt(4)).softmax(-1);
        var expected = attention.Proj.forward(weights.matmul(qkv[2]).transpose(1, 2).reshape(2, 5, 8));
        TensorAssert.Close(attention.forward(x), expected, 1e-5, "self-attention");
    }

    [Fact]
    public void Cross_attention_mask_excludes_padding()
    {
        manual_seed(3);
        using var attention = new CrossAttention(8, 2);
        using var scope = NewDisposeScope();
        var x = randn(1, 4, 8);
        var context = randn(1, 3, 8);
        var bias = AttentionBias.FromMask(tensor(new float[,] { { 1, 1, 0 } }), ScalarType.Float32);
        Assert.Equal(new long[] { 1, 1, 1, 3 }, bias.shape);
        var masked = attention.forward(x, context, bias);
        var truncated = attention.forward(x, context[.., ..2], null);
        TensorAssert.Close(masked, truncated, 1e-6, "masked vs truncated context");
    }

    [Fact]
    public void Modulate_and_layer_norm_follow_the_reference_formulas()
    {
        manual_seed(4);
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 8);
        var shift = randn(2, 1, 8);
        var scale = randn(2, 1, 8);
        var mean = x.mean(new long[] { -1 }, keepdim: true);
        var variance = (x - mean).square().mean(new long[] { -1 }, keepdim: true);
        var normed = (x - mean) / (variance + 1e-6).sqrt();
        TensorAssert.Close(AdaptiveNorm.NormModulate(x, shift, scale), normed * (1 + scale) + shift, 1e-5, "t2i_modulate(LN(x))");
    }

    [Fact]
    public void Mlp_uses_tanh_gelu()
    {
        manual_seed(5);
        using var mlp = new Mlp(4, 6, 3);
        using var scope = NewDisposeScope();
        var x = randn(2, 4);
        var h = mlp.Fc1.forward(x);
        var gelu = 0.5 * h * (1 + (Math.Sqrt(2 / Math.PI) * (h + 0.044715 * h.pow(3))).tanh());
        TensorAssert.Close(mlp.forward(x), mlp.Fc2.forward(gelu), 1e-5, "mlp");
    }
}
