using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>The decoder's upsampler: nearest-neighbour ×2, then conv3×3 with padding 1.</summary>
internal sealed class Upsample2D : nn.Module<Tensor, Tensor>
{
    private readonly VaeConv2d conv;

    public Upsample2D(long channels) : base(nameof(Upsample2D))
    {
        conv = new VaeConv2d(channels, channels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, C, H, W] -> [B, C, 2H, 2W]
    {
        using var scope = NewDisposeScope();
        var up = nn.functional.interpolate(x, scale_factor: new[] { 2.0, 2.0 }, mode: InterpolationMode.Nearest);
        return scope.MoveToOuter(conv.call(up));
    }
}
