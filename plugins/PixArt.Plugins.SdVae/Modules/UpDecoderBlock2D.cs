using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>diffusers <c>UpDecoderBlock2D</c>: <c>layers</c> resnets, then (except in the last block) an upsampler.</summary>
internal sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Upsample2D> upsamplers;

    public UpDecoderBlock2D(long inChannels, long outChannels, int layers, bool addUpsample, long groups, double eps)
        : base(nameof(UpDecoderBlock2D))
    {
        resnets = nn.ModuleList<ResnetBlock2D>();
        for (var i = 0; i < layers; i++) resnets.Add(new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, groups, eps));
        upsamplers = nn.ModuleList<Upsample2D>();
        if (addUpsample) upsamplers.Add(new Upsample2D(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, Cin, H, W] -> [B, Cout, 2H, 2W] (or H, W in the last block)
    {
        using var scope = NewDisposeScope();
        var h = x.alias();
        foreach (var layer in resnets.Cast<nn.Module<Tensor, Tensor>>().Concat(upsamplers))
        {
            var next = layer.call(h);
            h.Dispose();
            h = next;
        }
        return scope.MoveToOuter(h);
    }
}
