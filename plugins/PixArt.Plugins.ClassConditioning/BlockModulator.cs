using PixArt.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>One block's adaLN-Zero MLP (after the shared SiLU): <c>adaLN_modulation = Linear(C → 6C)</c>.</summary>
internal sealed class BlockModulator : nn.Module
{
    private readonly FusedLinear adaLN_modulation;

    public BlockModulator(long hiddenSize) : base("block")
    {
        adaLN_modulation = new FusedLinear(hiddenSize, 6 * hiddenSize);
        RegisterComponents();
    }

    public FusedLinear Modulation => adaLN_modulation;
}
