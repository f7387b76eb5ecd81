using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Nn.Layers;

/// <summary>
/// Sinusoid (256) → <c>linear_1</c> → SiLU → <c>linear_2</c>: the timestep embedder of PixArt/DiT and the size and
/// aspect-ratio embedders of the multi-scale model (each scalar embedded on its own).
/// </summary>
public sealed class TimestepEmbedder : nn.Module<Tensor, Tensor>
{
    private readonly FusedLinear linear_1;
    private readonly FusedLinear linear_2;
    private readonly int _frequencyDim;

    /// <summary>Creates the embedder with output width <paramref name="outFeatures"/>.</summary>
    public TimestepEmbedder(long outFeatures, int frequencyDim = TimestepSinusoid.DefaultDim, string name = "t_embedder") : base(name)
    {
        _frequencyDim = frequencyDim;
        linear_1 = new FusedLinear(frequencyDim, outFeatures);
        linear_2 = new FusedLinear(outFeatures, outFeatures);
        RegisterComponents();
    }

    /// <summary>The first linear <c>[out, 256]</c>.</summary>
    public FusedLinear Linear1 => linear_1;

    /// <summary>The second linear <c>[out, out]</c>.</summary>
    public FusedLinear Linear2 => linear_2;

    /// <summary>Embeds the values <paramref name="t"/> <c>[N]</c> into <c>[N, out]</c> in the parameters' dtype.</summary>
    public override Tensor forward(Tensor t)
    {
        using var scope = NewDisposeScope();
        var features = TimestepSinusoid.Embed(t, _frequencyDim).to_type(linear_1.Weight.dtype); // [N, 256]
        var h = nn.functional.silu(linear_1.forward(features));                                // [N, out]
        return scope.MoveToOuter(linear_2.forward(h));
    }
}
