using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>Pre-norm residual self-attention sub-layer (<c>layer.0</c>): <c>h + Attn(RMS(h))</c>.</summary>
internal sealed class T5LayerSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly T5Attention SelfAttention;
    private readonly T5RmsNorm layer_norm;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeBias, ScalarType dtype, Device device) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(config, hasRelativeBias, dtype, device);
        layer_norm = new T5RmsNorm(config.DModel, config.LayerNormEpsilon, dtype, device);
        RegisterComponents();
    }

    public T5Attention Attention => SelfAttention;

    public override Tensor forward(Tensor hidden, Tensor bias) // [B, L, C]
    {
        using var scope = NewDisposeScope();
        using var normed = layer_norm.forward(hidden);
        return scope.MoveToOuter(hidden + SelfAttention.forward(normed, bias));
    }
}
