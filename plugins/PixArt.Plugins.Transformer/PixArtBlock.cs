using PixArt.Abstractions.Conditioning;
using PixArt.Nn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// One PixArt block (reference 1.8): modulated self-attention with gate, then the text conditioning's block operation
/// (cross-attention: ungated, unnormalised), then the modulated MLP with gate.
/// </summary>
internal sealed class PixArtBlock : nn.Module
{
    private readonly SelfAttention attn;
    private readonly Mlp mlp;

    public PixArtBlock(long hiddenSize, long heads, double mlpRatio) : base("block")
    {
        attn = new SelfAttention(hiddenSize, heads);
        mlp = new Mlp(hiddenSize, (long)(hiddenSize * mlpRatio), hiddenSize);
        RegisterComponents();
    }

    public SelfAttention Attn => attn;

    public Mlp MlpLayer => mlp;

    /// <summary>Returns the new tokens; intermediates are freed with the block's own scope.</summary>
    public Tensor Forward(Tensor x, TimestepConditioningModule timestep, TimestepEmbedding embedding, int index,
        TextConditioningModule text, TextConditioningState state)
    {
        using var scope = NewDisposeScope();
        var m = timestep.BlockModulation(embedding, index).chunk(6, 1); // 6 × [B, 1, C]: shift, scale, gate (attention), shift, scale, gate (MLP)
        x = addcmul(x, m[2], attn.forward(AdaptiveNorm.NormModulate(x, m[0], m[1])), 1); // [B, T, C]
        x = text.ApplyToBlock(index, x, state);
        return scope.MoveToOuter(addcmul(x, m[5], mlp.forward(AdaptiveNorm.NormModulate(x, m[3], m[4])), 1));
    }
}
