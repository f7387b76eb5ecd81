using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// T5's layer norm: scale only, no mean subtraction, no bias. The mean of squares is taken in float32 whatever the
/// runtime dtype, and the result is cast back before the weight multiplies it (as transformers' T5LayerNorm does).
/// </summary>
internal sealed class T5RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [C]
    private readonly double _eps;

    public T5RmsNorm(long width, double eps, ScalarType dtype, Device device) : base(nameof(T5RmsNorm))
    {
        weight = new Parameter(ones(width, dtype, device), requires_grad: false);
        _eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, L, C]
    {
        using var scope = NewDisposeScope();
        var x32 = x.to(ScalarType.Float32);
        var variance = x32.pow(2).mean(new long[] { -1 }, keepdim: true); // [B, L, 1]
        var normed = (x32 * (variance + _eps).rsqrt()).to(weight.dtype);
        return scope.MoveToOuter(weight * normed);
    }
}
