using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Modules;

/// <summary>
/// The VAE mid-block self-attention (diffusers <c>Attention</c> as built from the old <c>AttentionBlock</c>):
/// GroupNorm → tokens → q, k, v linears with bias → softmax(q·kᵀ/√d_head)·v → <c>to_out.0</c> → + input.
/// Uses scaled-dot-product attention, so the [HW, HW] score matrix is never materialised (16384² at 1024²).
/// </summary>
internal sealed class MidBlockAttention : nn.Module<Tensor, Tensor>
{
    private readonly GroupNorm32 group_norm;
    private readonly VaeLinear to_q;
    private readonly VaeLinear to_k;
    private readonly VaeLinear to_v;
    private readonly ModuleList<VaeLinear> to_out; // diffusers keeps a dropout at to_out.1; it has no weights
    private readonly long _heads;

    public MidBlockAttention(long channels, long headDim, long groups, double eps) : base(nameof(MidBlockAttention))
    {
        _heads = channels / headDim;
        group_norm = new GroupNorm32(groups, channels, eps);
        to_q = new VaeLinear(channels, channels);
        to_k = new VaeLinear(channels, channels);
        to_v = new VaeLinear(channels, channels);
        to_out = nn.ModuleList(new VaeLinear(channels, channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, C, H, W]
    {
        using var scope = NewDisposeScope();
        var (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var tokens = group_norm.call(x).view(b, c, h * w).transpose(1, 2); // [B, HW, C]
        var q = SplitHeads(to_q.call(tokens), b);                          // [B, heads, HW, d]
        var k = SplitHeads(to_k.call(tokens), b);
        var v = SplitHeads(to_v.call(tokens), b);
        Tensor attended;
        if (q.dtype is ScalarType.Float32 or ScalarType.Float64)
        {
            attended = nn.functional.scaled_dot_product_attention(q, k, v); // scale 1/√d by default
        }
        else
        {
            // Reduced precision: keep the softmax statistics in float32 (diffusers sets upcast_softmax for this block).
            attended = nn.functional.scaled_dot_product_attention(q.to(ScalarType.Float32), k.to(ScalarType.Float32), v.to(ScalarType.Float32))
                .to(q.dtype);
        }
        var merged = attended.transpose(1, 2).reshape(b, h * w, c);   // [B, HW, C]
        var projected = to_out[0].call(merged);                        // [B, HW, C]
        var image = projected.transpose(1, 2).reshape(b, c, h, w);     // [B, C, H, W]
        return scope.MoveToOuter(image.add(x));
    }

    private Tensor SplitHeads(Tensor t, long b) => t.view(b, -1, _heads, t.shape[2] / _heads).transpose(1, 2);
}
