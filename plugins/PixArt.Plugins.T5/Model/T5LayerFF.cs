using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>Pre-norm residual feed-forward sub-layer (<c>layer.1</c>): <c>h + FF(RMS(h))</c>.</summary>
internal sealed class T5LayerFF : nn.Module<Tensor, Tensor>
{
    private readonly T5DenseGatedActDense DenseReluDense;
    private readonly T5RmsNorm layer_norm;

    public T5LayerFF(T5Config config, ScalarType dtype, Device device) : base(nameof(T5LayerFF))
    {
        DenseReluDense = new T5DenseGatedActDense(config, dtype, device);
        layer_norm = new T5RmsNorm(config.DModel, config.LayerNormEpsilon, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) // [B, L, C]
    {
        using var scope = NewDisposeScope();
        using var normed = layer_norm.forward(hidden);
        return scope.MoveToOuter(hidden + DenseReluDense.forward(normed));
    }
}
