using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>One encoder block: <c>layer.0</c> self-attention, <c>layer.1</c> feed-forward (HF key layout).</summary>
internal sealed class T5Block : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<nn.Module> layer;

    public T5Block(T5Config config, bool hasRelativeBias, ScalarType dtype, Device device) : base(nameof(T5Block))
    {
        layer = new ModuleList<nn.Module>(
            new T5LayerSelfAttention(config, hasRelativeBias, dtype, device),
            new T5LayerFF(config, dtype, device));
        RegisterComponents();
    }

    public T5Attention Attention => ((T5LayerSelfAttention)layer[0]).Attention;

    public override Tensor forward(Tensor hidden, Tensor bias) // [B, L, C]
    {
        using var scope = NewDisposeScope();
        var h = ClampFp16(((T5LayerSelfAttention)layer[0]).forward(hidden, bias));
        h = ClampFp16(((T5LayerFF)layer[1]).forward(h));
        return scope.MoveToOuter(h);
    }

    // transformers keeps float16 activations finite by clamping to ±(max − 1000) when a value overflowed. Clamping always
    // gives the same result for every finite value below that bound and avoids a device sync per layer.
    private static Tensor ClampFp16(Tensor h)
    {
        if (h.dtype != ScalarType.Float16) return h;
        const double limit = 65504.0 - 1000.0;
        return h.clamp(-limit, limit);
    }
}
