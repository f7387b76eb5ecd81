using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// T5 self-attention (HF <c>T5Attention</c>, encoder): bias-free q/k/v/o, <b>no</b> 1/√d scaling, an additive bias of
/// relative positions plus padding mask. Only block 0 owns the relative-position table; its bias is reused by all blocks.
/// </summary>
internal sealed class T5Attention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly T5Linear q;
    private readonly T5Linear k;
    private readonly T5Linear v;
    private readonly T5Linear o;
    private readonly T5Embedding? relative_attention_bias; // [buckets, H], block 0 only
    private readonly T5Config _config;
    private readonly double _qScale;

    public T5Attention(T5Config config, bool hasRelativeBias, ScalarType dtype, Device device) : base("SelfAttention")
    {
        _config = config;
        var inner = (long)config.NumHeads * config.DKv;
        q = new T5Linear(config.DModel, inner, dtype, device);
        k = new T5Linear(config.DModel, inner, dtype, device);
        v = new T5Linear(config.DModel, inner, dtype, device);
        o = new T5Linear(inner, config.DModel, dtype, device);
        if (hasRelativeBias) relative_attention_bias = new T5Embedding(config.RelativeAttentionNumBuckets, config.NumHeads, dtype, device);
        // scaled_dot_product_attention always divides by √d_kv; T5 does not scale, so q is multiplied by √d_kv first
        // (exact in any dtype when √d_kv is a power of two, as for d_kv = 16 or 64).
        _qScale = Math.Sqrt(config.DKv);
        RegisterComponents();
    }

    /// <summary>Relative-position bias <c>[1, H, L, L]</c> in the weight dtype (block 0 only).</summary>
    public Tensor PositionBias(int length, Device device)
    {
        if (relative_attention_bias is null) throw new InvalidOperationException("only the first block's attention owns the relative-position table");
        using var scope = NewDisposeScope();
        using var buckets = RelativePositionBuckets.Table(length, _config.RelativeAttentionNumBuckets, _config.RelativeAttentionMaxDistance, device);
        var values = relative_attention_bias.forward(buckets); // [L, L, H]
        return scope.MoveToOuter(values.permute(2, 0, 1).unsqueeze(0)); // [1, H, L, L]
    }

    public override Tensor forward(Tensor hidden, Tensor bias) // hidden [B, L, C], bias [B, H, L, L] → [B, L, C]
    {
        using var scope = NewDisposeScope();
        var (batch, length) = (hidden.shape[0], hidden.shape[1]);
        Tensor Heads(Tensor x) => x.view(batch, length, _config.NumHeads, _config.DKv).transpose(1, 2); // [B, H, L, d]
        var query = Heads(q.forward(hidden)) * _qScale;
        var key = Heads(k.forward(hidden));
        var value = Heads(v.forward(hidden));
        var attended = nn.functional.scaled_dot_product_attention(query, key, value, bias); // [B, H, L, d]
        var merged = attended.transpose(1, 2).reshape(batch, length, (long)_config.NumHeads * _config.DKv);
        return scope.MoveToOuter(o.forward(merged));
    }
}
