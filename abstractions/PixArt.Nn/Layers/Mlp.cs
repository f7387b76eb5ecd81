using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>Two linears with tanh-approximated GELU between them (timm <c>Mlp</c>, diffusers gelu-approximate).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly FusedLinear fc1;
    private readonly FusedLinear fc2;

    /// <summary>Creates <c>in → hidden → out</c>.</summary>
    public Mlp(long inFeatures, long hiddenFeatures, long outFeatures, string name = "mlp") : base(name)
    {
        fc1 = new FusedLinear(inFeatures, hiddenFeatures);
        fc2 = new FusedLinear(hiddenFeatures, outFeatures);
        RegisterComponents();
    }

    /// <summary>The first linear.</summary>
    public FusedLinear Fc1 => fc1;

    /// <summary>The second linear.</summary>
    public FusedLinear Fc2 => fc2;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = nn.functional.gelu(fc1.forward(input), GELU.Approximate.tanh); // [..., hidden]
        return scope.MoveToOuter(fc2.forward(h));
    }
}
