using PixArt.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>T2I final layer (reference 1.10): <c>linear(LN(x) ⊙ (1 + scale) + shift)</c> to p·p·out features per token.</summary>
internal sealed class FinalLayer : nn.Module
{
    private readonly FusedLinear linear;

    public FinalLayer(long hiddenSize, long patchSize, long outChannels) : base("final_layer")
    {
        linear = new FusedLinear(hiddenSize, patchSize * patchSize * outChannels);
        RegisterComponents();
    }

    public FusedLinear Linear => linear;

    public Tensor Forward(Tensor x, Tensor modulation) // x [B, T, C], modulation [B, 2, C] (shift, scale)
    {
        var m = modulation.chunk(2, 1);
        return linear.forward(AdaptiveNorm.NormModulate(x, m[0], m[1])); // [B, T, p·p·out]
    }
}
