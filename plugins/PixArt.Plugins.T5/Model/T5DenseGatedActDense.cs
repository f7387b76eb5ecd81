using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>T5 v1.1 gated feed-forward: <c>wo(gelu_tanh(wi_0·x) ⊙ wi_1·x)</c>, bias-free.</summary>
internal sealed class T5DenseGatedActDense : nn.Module<Tensor, Tensor>
{
    private readonly T5Linear wi_0;
    private readonly T5Linear wi_1;
    private readonly T5Linear wo;

    public T5DenseGatedActDense(T5Config config, ScalarType dtype, Device device) : base("DenseReluDense")
    {
        wi_0 = new T5Linear(config.DModel, config.DFf, dtype, device);
        wi_1 = new T5Linear(config.DModel, config.DFf, dtype, device);
        // As transformers does (keep-in-fp32 "wo"): T5 v1.1's feed-forward output overflows float16, so wo stays float32 there.
        wo = new T5Linear(config.DFf, config.DModel, dtype == ScalarType.Float16 ? ScalarType.Float32 : dtype, device);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // [B, L, C]
    {
        using var scope = NewDisposeScope();
        var gate = nn.functional.gelu(wi_0.forward(x), GELU.Approximate.tanh); // [B, L, F]
        var hidden = gate * wi_1.forward(x);
        return scope.MoveToOuter(wo.forward(hidden.to(wo.Weight.dtype)).to(x.dtype));
    }
}
