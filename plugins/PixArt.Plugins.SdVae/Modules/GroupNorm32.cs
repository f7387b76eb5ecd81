using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// GroupNorm with affine <c>weight</c>/<c>bias</c> (the diffusers keys) whose statistics are always computed in float32:
/// in bf16/fp16 the mean and variance over large groups lose too many bits.
/// </summary>
internal sealed class GroupNorm32 : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly long _groups;
    private readonly double _eps;

    public GroupNorm32(long groups, long channels, double eps) : base(nameof(GroupNorm32))
    {
        _groups = groups;
        _eps = eps;
        weight = new Parameter(ones(channels));
        bias = new Parameter(zeros(channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, C, ...]
    {
        if (x.dtype is ScalarType.Float32 or ScalarType.Float64)
            return nn.functional.group_norm(x, _groups, weight, bias, _eps);
        using var scope = NewDisposeScope();
        var y = nn.functional.group_norm(x.to(ScalarType.Float32), _groups, weight.to(ScalarType.Float32), bias.to(ScalarType.Float32), _eps);
        return scope.MoveToOuter(y.to(x.dtype));
    }
}
