using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// diffusers <c>AutoencoderKL</c>: field names are the checkpoint keys (<c>encoder.*</c>, <c>quant_conv</c>,
/// <c>post_quant_conv</c>, <c>decoder.*</c>). Not a single forward: encoding and decoding are separate calls.
/// </summary>
public sealed class AutoencoderKl : nn.Module
{
    private readonly VaeEncoder encoder;
    private readonly VaeConv2d? quant_conv;
    private readonly VaeConv2d? post_quant_conv;
    private readonly VaeDecoder decoder;

    public AutoencoderKl(VaeConfig config) : base(nameof(AutoencoderKl))
    {
        encoder = new VaeEncoder(config);
        var moments = 2L * config.LatentChannels;
        if (config.UseQuantConv) quant_conv = new VaeConv2d(moments, moments, 1);
        if (config.UsePostQuantConv) post_quant_conv = new VaeConv2d(config.LatentChannels, config.LatentChannels, 1);
        decoder = new VaeDecoder(config);
        RegisterComponents();
    }

    /// <summary>Images to the stacked posterior moments (mean then log-variance along channels).</summary>
    public Tensor EncodeMoments(Tensor images) // [B, Cin, H, W] -> [B, 2·latent, H/f, W/f]
    {
        using var scope = NewDisposeScope();
        var h = encoder.call(images);
        return scope.MoveToOuter(quant_conv is null ? h : quant_conv.call(h));
    }

    /// <summary>Unscaled latents <c>z</c> to images.</summary>
    public Tensor Decode(Tensor z) // [B, latent, h, w] -> [B, Cout, h·f, w·f]
    {
        using var scope = NewDisposeScope();
        var h = post_quant_conv is null ? z : post_quant_conv.call(z);
        return scope.MoveToOuter(decoder.call(h));
    }
}
