using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>diffusers <c>DownEncoderBlock2D</c>: <c>layers</c> resnets, then (except in the last block) a downsampler.</summary>
internal sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<Downsample2D> downsamplers;

    public DownEncoderBlock2D(long inChannels, long outChannels, int layers, bool addDownsample, long groups, double eps)
        : base(nameof(DownEncoderBlock2D))
    {
        resnets = nn.ModuleList<ResnetBlock2D>();
        for (var i = 0; i < layers; i++) resnets.Add(new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, groups, eps));
        downsamplers = nn.ModuleList<Downsample2D>();
        if (addDownsample) downsamplers.Add(new Downsample2D(outChannels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, Cin, H, W] -> [B, Cout, H/2, W/2] (or H, W in the last block)
    {
        using var scope = NewDisposeScope();
        var h = x.alias();
        foreach (var layer in resnets.Cast<nn.Module<Tensor, Tensor>>().Concat(downsamplers))
        {
            var next = layer.call(h);
            h.Dispose();
            h = next;
        }
        return scope.MoveToOuter(h);
    }
}
