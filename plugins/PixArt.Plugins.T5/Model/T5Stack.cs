using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>The encoder stack (HF <c>encoder.*</c>): embedding, blocks, final RMSNorm.</summary>
internal sealed class T5Stack : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly T5Embedding embed_tokens;
    private readonly ModuleList<T5Block> block;
    private readonly T5RmsNorm final_layer_norm;

    public T5Stack(T5Config config, ScalarType dtype, Device device) : base("encoder")
    {
        embed_tokens = new T5Embedding(config.VocabSize, config.DModel, dtype, device);
        block = new ModuleList<T5Block>(Enumerable.Range(0, config.NumLayers).Select(i => new T5Block(config, i == 0, dtype, device)).ToArray());
        final_layer_norm = new T5RmsNorm(config.DModel, config.LayerNormEpsilon, dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor ids, Tensor mask) // ids [B, L] int64, mask [B, L] (1 keep) → [B, L, C]
    {
        using var scope = NewDisposeScope();
        var length = (int)ids.shape[1];
        var h = embed_tokens.forward(ids); // [B, L, C]
        // Bias shared by every block: relative positions [1, H, L, L] + padding mask on keys [B, 1, 1, L].
        var dtype = h.dtype;
        var minValue = dtype switch
        {
            ScalarType.Float16 => -65504.0,
            ScalarType.BFloat16 => -3.3895313892515355e38,
            ScalarType.Float64 => double.MinValue,
            _ => float.MinValue,
        };
        var keyMask = (1 - mask.to(dtype)).mul(minValue).view(mask.shape[0], 1, 1, length); // [B, 1, 1, L]
        var bias = block[0].Attention.PositionBias(length, h.device) + keyMask; // [B, H, L, L]
        foreach (var b in block) h = b.forward(h, bias);
        return scope.MoveToOuter(final_layer_norm.forward(h));
    }
}
