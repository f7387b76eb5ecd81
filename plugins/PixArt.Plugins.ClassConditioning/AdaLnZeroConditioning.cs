using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>
/// DiT adaLN-Zero: <c>c = t_embedder(t) + class vector</c>; block i modulation <c>blocks.i.adaLN_modulation(SiLU(c))</c>
/// <c>[B, 6C]</c>; final modulation <c>final_adaLN_modulation(SiLU(c))</c> <c>[B, 2C]</c> (rows shift, scale).
/// </summary>
public sealed class AdaLnZeroConditioning : TimestepConditioningModule
{
    private readonly TimestepEmbedder t_embedder;
    private readonly ModuleList<BlockModulator> blocks;
    private readonly FusedLinear final_adaLN_modulation;
    private readonly long _hidden;

    /// <summary>Creates the module (random initialisation; weights load later).</summary>
    public AdaLnZeroConditioning(DenoiserDimensions dimensions) : base("adaln_zero")
    {
        _hidden = dimensions.HiddenSize;
        t_embedder = new TimestepEmbedder(_hidden);
        blocks = nn.ModuleList(Enumerable.Range(0, dimensions.Depth).Select(_ => new BlockModulator(_hidden)).ToArray());
        final_adaLN_modulation = new FusedLinear(_hidden, 2 * _hidden);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override bool UsesMicroConditions => false;

    /// <inheritdoc />
    public override nn.Module? TimestepEmbedder => t_embedder;

    /// <summary>Parameters the module allocates for <paramref name="dimensions"/>.</summary>
    public static long ParameterCount(DenoiserDimensions dimensions)
    {
        long c = dimensions.HiddenSize;
        return ParameterCounts.TimestepEmbedder(c) + dimensions.Depth * ParameterCounts.Linear(c, 6 * c) + ParameterCounts.Linear(c, 2 * c);
    }

    /// <inheritdoc />
    public override TimestepEmbedding Embed(Tensor timesteps, ConditionInput condition, Tensor? conditionVector)
    {
        var c = t_embedder.forward(timesteps);                                    // [B, C]
        if (conditionVector is not null) c = c + conditionVector.to_type(c.dtype);
        // Projected holds SiLU(c), shared by every block's own MLP.
        return new TimestepEmbedding(c, nn.functional.silu(c));
    }

    /// <inheritdoc />
    public override Tensor BlockModulation(TimestepEmbedding embedding, int block)
    {
        var s = embedding.Projected ?? throw new ArgumentException("adaln-zero needs the projection from its own Embed");
        return blocks[block].Modulation.forward(s).view(s.shape[0], 6, _hidden); // [B, 6, C]
    }

    /// <inheritdoc />
    public override Tensor FinalModulation(TimestepEmbedding embedding)
    {
        var s = embedding.Projected ?? throw new ArgumentException("adaln-zero needs the projection from its own Embed");
        return final_adaLN_modulation.forward(s).view(s.shape[0], 2, _hidden);    // [B, 2, C]
    }

    /// <inheritdoc />
    public override WeightKeyMap KeyMap(CheckpointLayout layout)
    {
        var map = new WeightKeyMap();
        switch (layout)
        {
            case CheckpointLayout.Native:
                return NativeKeyMap.For(this);
            case CheckpointLayout.Official:
                // DiT checkpoint names (facebookresearch/DiT, reference 7.3).
                map.RenameLinear("t_embedder.mlp.0", "t_embedder.linear_1");
                map.RenameLinear("t_embedder.mlp.2", "t_embedder.linear_2");
                map.RenameLinear("blocks.{i}.adaLN_modulation.1", "blocks.{i}.adaLN_modulation");
                map.RenameLinear("final_layer.adaLN_modulation.1", "final_adaLN_modulation");
                return map;
            case CheckpointLayout.Diffusers:
                throw new NotSupportedException(
                    "adaln-zero has no diffusers layout: diffusers' DiTTransformer2DModel keeps a timestep embedder per block; save and load it in the official (DiT) or native layout");
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown checkpoint layout");
        }
    }

    /// <inheritdoc />
    public override void InitializeWeights()
    {
        using var noGrad = no_grad();
        // DiT: timestep MLP ~ N(0, 0.02); adaLN modulation zeroed (each block starts as identity).
        foreach (var linear in new[] { t_embedder.Linear1, t_embedder.Linear2 })
        {
            nn.init.normal_(linear.Weight, 0, 0.02);
            linear.Bias?.zero_();
        }
        foreach (var block in blocks)
        {
            block.Modulation.Weight.zero_();
            block.Modulation.Bias?.zero_();
        }
        final_adaLN_modulation.Weight.zero_();
        final_adaLN_modulation.Bias?.zero_();
    }
}
