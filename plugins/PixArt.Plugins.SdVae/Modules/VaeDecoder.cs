using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// diffusers VAE <c>Decoder</c>: conv_in → mid block → up blocks (widths reversed, layers_per_block + 1 resnets each)
/// → GN → SiLU → conv_out.
/// </summary>
internal sealed class VaeDecoder : nn.Module<Tensor, Tensor>
{
    private readonly VaeConv2d conv_in;
    private readonly MidBlock mid_block;
    private readonly ModuleList<UpDecoderBlock2D> up_blocks;
    private readonly GroupNorm32 conv_norm_out;
    private readonly VaeConv2d conv_out;

    public VaeDecoder(VaeConfig config) : base(nameof(VaeDecoder))
    {
        var reversed = config.BlockOutChannels.Reverse().ToArray();
        long groups = config.NormNumGroups;
        conv_in = new VaeConv2d(config.LatentChannels, reversed[0], 3, padding: 1);
        mid_block = new MidBlock(reversed[0], config.AttentionHeadDim, groups, SdVaeConstants.NormEps, config.MidBlockAddAttention);
        up_blocks = nn.ModuleList<UpDecoderBlock2D>();
        for (var i = 0; i < reversed.Length; i++)
        {
            var isLast = i == reversed.Length - 1;
            up_blocks.Add(new UpDecoderBlock2D(i == 0 ? reversed[0] : reversed[i - 1], reversed[i], config.LayersPerBlock + 1, !isLast, groups, SdVaeConstants.NormEps));
        }
        conv_norm_out = new GroupNorm32(groups, reversed[^1], SdVaeConstants.NormEps);
        conv_out = new VaeConv2d(reversed[^1], config.OutChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) // [B, latent, h, w] -> [B, Cout, h·f, w·f]
    {
        using var scope = NewDisposeScope();
        var h = conv_in.call(z);
        foreach (var block in new nn.Module<Tensor, Tensor>[] { mid_block }.Concat(up_blocks).Append(conv_norm_out))
        {
            var next = block.call(h);
            h.Dispose();
            h = next;
        }
        nn.functional.silu(h, inplace: true);
        return scope.MoveToOuter(conv_out.call(h));
    }
}
