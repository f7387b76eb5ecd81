using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>diffusers <c>UNetMidBlock2D</c> with one layer: resnet → attention → resnet, all at the same width.</summary>
internal sealed class MidBlock : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<MidBlockAttention> attentions; // empty when the config disables mid-block attention
    private readonly ModuleList<ResnetBlock2D> resnets;

    public MidBlock(long channels, long? headDim, long groups, double eps, bool addAttention) : base(nameof(MidBlock))
    {
        attentions = nn.ModuleList<MidBlockAttention>();
        if (addAttention) attentions.Add(new MidBlockAttention(channels, headDim ?? channels, groups, eps));
        resnets = nn.ModuleList(new ResnetBlock2D(channels, channels, groups, eps), new ResnetBlock2D(channels, channels, groups, eps));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, C, H, W]
    {
        using var scope = NewDisposeScope();
        var h = resnets[0].call(x);
        if (attentions.Count > 0)
        {
            var attended = attentions[0].call(h);
            h.Dispose();
            h = attended;
        }
        var result = resnets[1].call(h);
        h.Dispose();
        return scope.MoveToOuter(result);
    }
}
