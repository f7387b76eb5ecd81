using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// diffusers <c>ResnetBlock2D</c> without a time embedding: GN → SiLU → conv3×3 → GN → SiLU → conv3×3, plus the input
/// (through a 1×1 <c>conv_shortcut</c> when the width changes). Output scale factor 1, dropout 0.
/// </summary>
internal sealed class ResnetBlock2D : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm32 norm1;
    private readonly VaeConv2d conv1;
    private readonly GroupNorm32 norm2;
    private readonly VaeConv2d conv2;
    private readonly VaeConv2d? conv_shortcut;

    public ResnetBlock2D(long inChannels, long outChannels, long groups, double eps) : base(nameof(ResnetBlock2D))
    {
        norm1 = new GroupNorm32(groups, inChannels, eps);
        conv1 = new VaeConv2d(inChannels, outChannels, 3, padding: 1);
        norm2 = new GroupNorm32(groups, outChannels, eps);
        conv2 = new VaeConv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels) conv_shortcut = new VaeConv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, Cin, H, W] -> [B, Cout, H, W]
    {
        using var scope = NewDisposeScope();
        // At 1024² every temporary here is hundreds of MB: free each one as soon as the next exists,
        // and apply SiLU in place on the norm output, which nothing else reads.
        var h = norm1.call(x);
        nn.functional.silu(h, inplace: true);
        var next = conv1.call(h);
        h.Dispose();
        h = norm2.call(next);
        next.Dispose();
        nn.functional.silu(h, inplace: true);
        next = conv2.call(h);
        h.Dispose();
        if (conv_shortcut is null) return scope.MoveToOuter(next.add_(x));
        using var shortcut = conv_shortcut.call(x);
        return scope.MoveToOuter(next.add_(shortcut));
    }
}
