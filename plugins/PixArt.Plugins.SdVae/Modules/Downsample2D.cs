using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// The encoder's downsampler: zero-pad one pixel on the right and bottom only, then a stride-2 conv3×3 without padding
/// (asymmetric, as the SD VAE was trained; symmetric padding would shift the latent grid).
/// </summary>
internal sealed class Downsample2D : nn.Module<Tensor, Tensor>
{
    private readonly VaeConv2d conv;

    public Downsample2D(long channels) : base(nameof(Downsample2D))
    {
        conv = new VaeConv2d(channels, channels, 3, stride: 2, padding: 0);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, C, H, W] -> [B, C, H/2, W/2]
    {
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(x, new long[] { 0, 1, 0, 1 }, PaddingModes.Constant, 0.0); // (left, right, top, bottom)
        return scope.MoveToOuter(conv.call(padded));
    }
}
