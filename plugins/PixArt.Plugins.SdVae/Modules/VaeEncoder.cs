using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// diffusers VAE <c>Encoder</c>: conv_in → down blocks → mid block → GN → SiLU → conv_out to 2·latent channels
/// (mean and log-variance stacked).
/// </summary>
internal sealed class VaeEncoder : nn.Module<Tensor, Tensor>
{
    private readonly VaeConv2d conv_in;
    private readonly ModuleList<DownEncoderBlock2D> down_blocks;
    private readonly MidBlock mid_block;
    private readonly GroupNorm32 conv_norm_out;
    private readonly VaeConv2d conv_out;

    public VaeEncoder(VaeConfig config) : base(nameof(VaeEncoder))
    {
        var widths = config.BlockOutChannels;
        long groups = config.NormNumGroups;
        conv_in = new VaeConv2d(config.InChannels, widths[0], 3, padding: 1);
        down_blocks = nn.ModuleList<DownEncoderBlock2D>();
        for (var i = 0; i < widths.Count; i++)
        {
            var isLast = i == widths.Count - 1;
            down_blocks.Add(new DownEncoderBlock2D(i == 0 ? widths[0] : widths[i - 1], widths[i], config.LayersPerBlock, !isLast, groups, SdVaeConstants.NormEps));
        }
        mid_block = new MidBlock(widths[^1], config.AttentionHeadDim, groups, SdVaeConstants.NormEps, config.MidBlockAddAttention);
        conv_norm_out = new GroupNorm32(groups, widths[^1], SdVaeConstants.NormEps);
        conv_out = new VaeConv2d(widths[^1], 2 * config.LatentChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, Cin, H, W] -> [B, 2·latent, H/f, W/f]
    {
        using var scope = NewDisposeScope();
        var h = conv_in.call(x);
        foreach (var block in down_blocks.Cast<nn.Module<Tensor, Tensor>>().Append(mid_block).Append(conv_norm_out))
        {
            var next = block.call(h);
            h.Dispose();
            h = next;
        }
        nn.functional.silu(h, inplace: true);
        return scope.MoveToOuter(conv_out.call(h));
    }
}
