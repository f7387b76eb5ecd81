using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// A linear layer with the <c>weight</c>/<c>bias</c> keys of <c>nn.Linear</c> that computes in float32 on the CPU for
/// bf16/fp16 activations (<see cref="CpuFloat32Math"/>) and returns the activation dtype.
/// </summary>
internal sealed class VaeLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [out, in]
    private readonly Parameter bias;   // [out]

    public VaeLinear(long inFeatures, long outFeatures) : base(nameof(VaeLinear))
    {
        weight = new Parameter(empty(outFeatures, inFeatures));
        bias = new Parameter(zeros(outFeatures));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [..., in] -> [..., out]
    {
        if (!CpuFloat32Math.Applies(x)) return nn.functional.linear(x, weight, bias);
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x.to(ScalarType.Float32), weight.to(ScalarType.Float32), bias.to(ScalarType.Float32));
        return scope.MoveToOuter(y.to(x.dtype));
    }
}
