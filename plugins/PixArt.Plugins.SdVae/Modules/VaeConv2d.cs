using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// A 2-D convolution with the <c>weight</c>/<c>bias</c> keys of <c>nn.Conv2d</c> that computes in float32 on the CPU
/// for bf16/fp16 activations (<see cref="CpuFloat32Math"/>) and returns the activation dtype.
/// </summary>
internal sealed class VaeConv2d : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // [Cout, Cin, k, k]
    private readonly Parameter bias;   // [Cout]
    private readonly long _stride;
    private readonly long _padding;

    public VaeConv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0) : base(nameof(VaeConv2d))
    {
        _stride = stride;
        _padding = padding;
        weight = new Parameter(empty(outChannels, inChannels, kernelSize, kernelSize));
        bias = new Parameter(zeros(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, Cin, H, W] -> [B, Cout, H', W']
    {
        if (!CpuFloat32Math.Applies(x)) return Conv(x, weight, bias);
        using var scope = NewDisposeScope();
        var y = Conv(x.to(ScalarType.Float32), weight.to(ScalarType.Float32), bias.to(ScalarType.Float32));
        return scope.MoveToOuter(y.to(x.dtype));
    }

    private Tensor Conv(Tensor x, Tensor w, Tensor b) =>
        nn.functional.conv2d(x, w, b, strides: new[] { _stride, _stride }, padding: new[] { _padding, _padding });
}
