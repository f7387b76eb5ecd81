using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.AdaLnSingle;

/// <summary>
/// adaLN-single (reference 1.5–1.7, 1.10): <c>temb = t_embedder(t)</c> (+ micro-conditions, + an optional condition
/// vector), one shared <c>t_block = Linear(SiLU(temb)) → [B, 6C]</c>, per-block modulation
/// <c>blocks.i.scale_shift_table + t6</c> and final modulation <c>final_scale_shift_table + temb</c>.
/// </summary>
public sealed class AdaLnSingleConditioning : TimestepConditioningModule
{
    private readonly TimestepEmbedder t_embedder;
    private readonly FusedLinear t_block;
    private readonly TimestepEmbedder? csize_embedder;
    private readonly TimestepEmbedder? ar_embedder;
    private readonly ModuleList<ModulationTable> blocks;
    private readonly Parameter final_scale_shift_table;
    private readonly long _hidden;

    /// <summary>Creates the module (random initialisation per reference 1.11; weights load later).</summary>
    public AdaLnSingleConditioning(DenoiserDimensions dimensions, bool microConditions) : base("adaln_single")
    {
        _hidden = dimensions.HiddenSize;
        Depth = dimensions.Depth;
        t_embedder = new TimestepEmbedder(_hidden);
        t_block = new FusedLinear(_hidden, 6 * _hidden);
        if (microConditions)
        {
            csize_embedder = new TimestepEmbedder(_hidden / 3, name: "csize_embedder");
            ar_embedder = new TimestepEmbedder(_hidden / 3, name: "ar_embedder");
        }
        blocks = nn.ModuleList(Enumerable.Range(0, dimensions.Depth).Select(_ => new ModulationTable(6, _hidden)).ToArray());
        final_scale_shift_table = nn.Parameter(randn(2, _hidden) / Math.Sqrt(_hidden));
        RegisterComponents();
    }

    /// <summary>Number of per-block tables.</summary>
    public int Depth { get; }

    /// <inheritdoc />
    public override bool UsesMicroConditions => csize_embedder is not null;

    /// <inheritdoc />
    public override nn.Module? TimestepEmbedder => t_embedder;

    /// <summary>Parameters the module allocates for <paramref name="dimensions"/> (with or without micro-conditions).</summary>
    public static long ParameterCount(DenoiserDimensions dimensions, bool microConditions)
    {
        long c = dimensions.HiddenSize;
        var micro = microConditions ? 2 * ParameterCounts.TimestepEmbedder(c / 3) : 0;
        return ParameterCounts.TimestepEmbedder(c) + ParameterCounts.Linear(c, 6 * c) + micro + dimensions.Depth * 6 * c + 2 * c;
    }

    /// <inheritdoc />
    public override TimestepEmbedding Embed(Tensor timesteps, ConditionInput condition, Tensor? conditionVector)
    {
        // Runs inside the denoiser's forward scope: the returned tensors live until that scope ends.
        var b = timesteps.shape[0];
        var temb = t_embedder.forward(timesteps);                                                   // [B, C]
        if (csize_embedder is not null && ar_embedder is not null)
        {
            var resolution = condition.Resolution ?? throw new ArgumentException(
                "this model uses micro-conditions: ConditionInput.Resolution [B, 2] (height, width in pixels) is required");
            var aspect = condition.AspectRatio ?? throw new ArgumentException(
                "this model uses micro-conditions: ConditionInput.AspectRatio [B, 1] is required");
            if (resolution.numel() != 2 * b)
                throw new ArgumentException($"ConditionInput.Resolution must be [{b}, 2], got [{string.Join(", ", resolution.shape)}]");
            if (aspect.numel() != b)
                throw new ArgumentException($"ConditionInput.AspectRatio must be [{b}, 1], got [{string.Join(", ", aspect.shape)}]");
            var size = csize_embedder.forward(resolution.to(temb.device).reshape(-1)).view(b, -1);  // [B, 2C/3]
            var ar = ar_embedder.forward(aspect.to(temb.device).reshape(-1)).view(b, -1);           // [B, C/3]
            temb = temb + cat(new[] { size, ar }, 1);
        }
        if (conditionVector is not null) temb = temb + conditionVector.to_type(temb.dtype);
        var t6 = t_block.forward(nn.functional.silu(temb));                                         // [B, 6C]
        return new TimestepEmbedding(temb, t6);
    }

    /// <inheritdoc />
    public override Tensor BlockModulation(TimestepEmbedding embedding, int block)
    {
        var t6 = embedding.Projected ?? throw new ArgumentException("adaln-single needs the shared projection from its own Embed");
        return blocks[block].Table.unsqueeze(0) + t6.view(t6.shape[0], 6, _hidden); // [B, 6, C]
    }

    /// <inheritdoc />
    public override Tensor FinalModulation(TimestepEmbedding embedding) =>
        final_scale_shift_table.unsqueeze(0) + embedding.Embedding.unsqueeze(1);     // [B, 2, C]

    /// <inheritdoc />
    public override WeightKeyMap KeyMap(CheckpointLayout layout)
    {
        var map = new WeightKeyMap();
        switch (layout)
        {
            case CheckpointLayout.Native:
                return NativeKeyMap.For(this);
            case CheckpointLayout.Official:
                map.RenameLinear("t_embedder.mlp.0", "t_embedder.linear_1");
                map.RenameLinear("t_embedder.mlp.2", "t_embedder.linear_2");
                map.RenameLinear("t_block.1", "t_block");
                if (UsesMicroConditions)
                {
                    map.RenameLinear("csize_embedder.mlp.0", "csize_embedder.linear_1");
                    map.RenameLinear("csize_embedder.mlp.2", "csize_embedder.linear_2");
                    map.RenameLinear("ar_embedder.mlp.0", "ar_embedder.linear_1");
                    map.RenameLinear("ar_embedder.mlp.2", "ar_embedder.linear_2");
                }
                map.Rename("blocks.{i}.scale_shift_table", "blocks.{i}.scale_shift_table");
                map.Rename("final_layer.scale_shift_table", "final_scale_shift_table");
                return map;
            case CheckpointLayout.Diffusers:
                map.RenameLinear("adaln_single.emb.timestep_embedder.linear_1", "t_embedder.linear_1");
                map.RenameLinear("adaln_single.emb.timestep_embedder.linear_2", "t_embedder.linear_2");
                map.RenameLinear("adaln_single.linear", "t_block");
                if (UsesMicroConditions)
                {
                    map.RenameLinear("adaln_single.emb.resolution_embedder.linear_1", "csize_embedder.linear_1");
                    map.RenameLinear("adaln_single.emb.resolution_embedder.linear_2", "csize_embedder.linear_2");
                    map.RenameLinear("adaln_single.emb.aspect_ratio_embedder.linear_1", "ar_embedder.linear_1");
                    map.RenameLinear("adaln_single.emb.aspect_ratio_embedder.linear_2", "ar_embedder.linear_2");
                }
                map.Rename("transformer_blocks.{i}.scale_shift_table", "blocks.{i}.scale_shift_table");
                map.Rename("scale_shift_table", "final_scale_shift_table");
                return map;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown checkpoint layout");
        }
    }

    /// <inheritdoc />
    public override void InitializeWeights()
    {
        using var noGrad = no_grad();
        // Reference 1.11: the timestep MLP and t_block weights ~ N(0, 0.02), biases 0; tables randn/√C.
        foreach (var linear in new[] { t_embedder.Linear1, t_embedder.Linear2, t_block }
                     .Concat(csize_embedder is null ? Array.Empty<FusedLinear>() : new[] { csize_embedder.Linear1, csize_embedder.Linear2 })
                     .Concat(ar_embedder is null ? Array.Empty<FusedLinear>() : new[] { ar_embedder.Linear1, ar_embedder.Linear2 }))
        {
            nn.init.normal_(linear.Weight, 0, 0.02);
            linear.Bias?.zero_();
        }
        foreach (var table in blocks) table.Table.copy_(randn_like(table.Table) / Math.Sqrt(_hidden));
        final_scale_shift_table.copy_(randn_like(final_scale_shift_table) / Math.Sqrt(_hidden));
    }

    /// <summary>
    /// Stage 1 → stage 2 (reference 7.3): the timestep MLP is copied from <paramref name="source"/>, <c>t_block</c> is
    /// zeroed and each table takes the source's modulation at <paramref name="timestep"/> with no condition vector, so block
    /// modulation equals the source's there: <c>E_i = W_i·SiLU(e_t) + b_i</c>, <c>E_f = W_f·SiLU(e_t) + b_f − [e_t; e_t]</c>.
    /// Micro-condition embedders, when present, keep their initialisation. Throws naming the source when it has no
    /// timestep embedder of this width.
    /// </summary>
    public override void InitializeFrom(TimestepConditioningModule source, float timestep)
    {
        ArgumentNullException.ThrowIfNull(source);
        var embedder = source.TimestepEmbedder
            ?? throw new NotSupportedException($"adaln-single cannot be initialised from {source.GetType().Name}: it exposes no timestep embedder");
        var from = embedder.state_dict();
        var to = t_embedder.state_dict();
        var mismatched = to.Keys.Where(k => !from.TryGetValue(k, out var f) || !f.shape.SequenceEqual(to[k].shape)).ToList();
        if (mismatched.Count > 0)
            throw new ArgumentException($"the source's timestep embedder does not match adaln-single's (hidden size {_hidden}): {string.Join(", ", mismatched)}", nameof(source));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (key, value) in to) value.copy_(from[key]);
        t_block.Weight.zero_();
        t_block.Bias?.zero_();
        var device = t_block.Weight.device;
        var embedding = source.Embed(full(1, timestep, ScalarType.Float32, device), new ConditionInput(), null);
        for (var i = 0; i < Depth; i++) blocks[i].Table.copy_(source.BlockModulation(embedding, i)[0]);        // [6, C]
        final_scale_shift_table.copy_(source.FinalModulation(embedding)[0] - embedding.Embedding[0].unsqueeze(0)); // [2, C]
    }
}
