using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.CrossAttention;

/// <summary>
/// PixArt-α text conditioning (reference 1.8–1.9): caption features <c>[B, L, Ccap]</c> go through
/// <c>y_proj</c> (Linear → GELU-tanh → Linear) to <c>[B, L, C]</c>; every block adds
/// <c>CrossAttention(tokens, caption, mask)</c> to its tokens. The learned null caption <c>y_embedding [L0, Ccap]</c>
/// (in T5 feature space) replaces dropped samples and is the unconditional input for guidance.
/// </summary>
public sealed class CrossAttentionConditioning : TextConditioningModule
{
    private readonly Mlp y_proj;
    private readonly Parameter y_embedding;
    private readonly ModuleList<Nn.Layers.CrossAttention> blocks;
    private readonly bool _useMask;
    private bool _learnedNull;

    /// <summary>
    /// Creates the module (random initialisation; weights load later) with a null caption of <paramref name="nullCaptionTokens"/>
    /// tokens; <paramref name="learnedNullCaption"/> says whether the checkpoint about to be loaded carries its trained values.
    /// </summary>
    public CrossAttentionConditioning(DenoiserDimensions dimensions, int nullCaptionTokens, bool learnedNullCaption, bool useMask = true) : base("cross_attention")
    {
        Dimensions = dimensions;
        NullConditionTokens = nullCaptionTokens;
        _learnedNull = learnedNullCaption;
        _useMask = useMask;
        y_proj = new Mlp(dimensions.CaptionChannels, dimensions.HiddenSize, dimensions.HiddenSize, "y_proj");
        // Not trained by the official code (a buffer there): kept out of gradient updates.
        y_embedding = nn.Parameter(randn(nullCaptionTokens, dimensions.CaptionChannels) / Math.Sqrt(dimensions.CaptionChannels), requires_grad: false);
        blocks = nn.ModuleList(Enumerable.Range(0, dimensions.Depth)
            .Select(_ => new Nn.Layers.CrossAttention(dimensions.HiddenSize, dimensions.Heads)).ToArray());
        RegisterComponents();
    }

    /// <summary>The dimensions the module was built for.</summary>
    public DenoiserDimensions Dimensions { get; }

    /// <summary>The learned null caption <c>[tokens, caption_channels]</c>.</summary>
    public Tensor NullCaption => y_embedding;

    /// <inheritdoc />
    public override int? CaptionChannels => Dimensions.CaptionChannels;

    /// <inheritdoc />
    public override int? NullConditionTokens { get; }

    /// <inheritdoc />
    public override bool HasLearnedNullCondition => _learnedNull;

    /// <inheritdoc />
    public override void MarkNullConditionTrained() => _learnedNull = true;

    /// <summary>Parameters the module allocates (the null caption included).</summary>
    public static long ParameterCount(DenoiserDimensions dimensions, int nullCaptionTokens) =>
        ParameterCounts.Mlp(dimensions.CaptionChannels, dimensions.HiddenSize, dimensions.HiddenSize)
        + (long)nullCaptionTokens * dimensions.CaptionChannels
        + dimensions.Depth * ParameterCounts.CrossAttention(dimensions.HiddenSize);

    /// <inheritdoc />
    public override TextConditioningState Prepare(ConditionInput condition)
    {
        var caption = condition.Caption ?? throw new ArgumentException("cross-attention conditioning needs ConditionInput.Caption [B, L, Ccap]");
        if (caption.dim() == 4 && caption.shape[1] == 1) caption = caption.squeeze(1); // official [B, 1, L, Ccap]
        if (caption.dim() != 3 || caption.shape[2] != Dimensions.CaptionChannels)
            throw new ArgumentException(
                $"caption features must be [B, L, {Dimensions.CaptionChannels}] (the denoiser's caption channels), got [{string.Join(", ", caption.shape)}]");
        var (b, l) = (caption.shape[0], caption.shape[1]);
        var dtype = y_embedding.dtype;
        caption = caption.to(dtype, y_embedding.device);
        if (condition.DropMask is { } drop)
        {
            if (l != NullConditionTokens)
                throw new ArgumentException($"DropMask substitutes the learned null caption of {NullConditionTokens} tokens; the caption has {l}");
            var keepNull = drop.to(ScalarType.Bool, caption.device).view(b, 1, 1);                   // [B, 1, 1]
            caption = where(keepNull, y_embedding.unsqueeze(0), caption);                            // [B, L, Ccap]
        }
        var tokens = y_proj.forward(caption);                                                        // [B, L, C]
        Tensor? mask = null;
        if (condition.CaptionMask is { } m && _useMask)
        {
            if (m.shape.Length != 2 || m.shape[0] != b || m.shape[1] != l)
                throw new ArgumentException($"ConditionInput.CaptionMask must be [{b}, {l}] (1 = keep), got [{string.Join(", ", m.shape)}]");
            mask = m.to(dtype, tokens.device);
        }
        // The additive bias and every block's keys and values depend on the caption only: built here once per forward (or
        // once per generation through DenoiserModule.Prepare), not in every block's call.
        return new TextConditioningState(tokens, mask, null, mask is null ? null : AttentionBias.FromMask(mask, dtype))
        {
            BlockContext = blocks.Select(block => block.KeysValues(tokens)).ToList(),
        };
    }

    /// <inheritdoc />
    public override Tensor ApplyToBlock(int block, Tensor tokens, TextConditioningState state)
    {
        if (state.BlockContext is not { } keysValues || keysValues.Count != blocks.Count)
            throw new ArgumentException("cross-attention needs the state from its own Prepare (every block's keys and values)");
        if (state.Mask is not null && state.AttentionBias is null)
            throw new ArgumentException("cross-attention needs the attention bias its own Prepare builds for a masked caption");
        return tokens + blocks[block].Attend(tokens, keysValues[block], state.AttentionBias); // [B, T, C]
    }

    /// <inheritdoc />
    public override ConditionInput NullCondition(ConditionInput like)
    {
        // Official behaviour: the null caption tiled over the batch, with the prompt's own mask.
        var caption = like.Caption ?? throw new ArgumentException("NullCondition needs the prompt condition's Caption to know the batch");
        var b = caption.shape[0];
        if (like.CaptionMask is { } m && m.shape[^1] != NullConditionTokens)
            throw new ArgumentException($"the learned null caption has {NullConditionTokens} tokens; the prompt mask has {m.shape[^1]}");
        var nullCaption = y_embedding.detach().unsqueeze(0).expand(b, -1, -1).to(caption.dtype, caption.device).contiguous(); // [B, L0, Ccap]
        return like with { Caption = nullCaption, DropMask = null };
    }

    /// <inheritdoc />
    public override WeightKeyMap KeyMap(CheckpointLayout layout)
    {
        var map = new WeightKeyMap();
        switch (layout)
        {
            case CheckpointLayout.Native:
                map = NativeKeyMap.For(this);
                // A null caption that did not come from a checkpoint is not written as if it had been learned (and a
                // checkpoint without one loads): converting a diffusers file must not invent a learned null caption.
                if (!HasLearnedNullCondition) map.Absent("y_embedding");
                return map;
            case CheckpointLayout.Official:
                if (!HasLearnedNullCondition) map.Absent("y_embedding");
                map.RenameLinear("y_embedder.y_proj.fc1", "y_proj.fc1");
                map.RenameLinear("y_embedder.y_proj.fc2", "y_proj.fc2");
                map.Rename("y_embedder.y_embedding", "y_embedding");
                map.RenameLinear("blocks.{i}.cross_attn.q_linear", "blocks.{i}.q_linear");
                map.RenameLinear("blocks.{i}.cross_attn.kv_linear", "blocks.{i}.kv_linear");
                map.RenameLinear("blocks.{i}.cross_attn.proj", "blocks.{i}.proj");
                return map;
            case CheckpointLayout.Diffusers:
                // diffusers keeps no null caption (its pipeline encodes "" instead): y_embedding has no key here.
                map.Absent("y_embedding");
                map.RenameLinear("caption_projection.linear_1", "y_proj.fc1");
                map.RenameLinear("caption_projection.linear_2", "y_proj.fc2");
                map.RenameLinear("transformer_blocks.{i}.attn2.to_q", "blocks.{i}.q_linear");
                map.Fuse("blocks.{i}.kv_linear.weight", "transformer_blocks.{i}.attn2.to_k.weight", "transformer_blocks.{i}.attn2.to_v.weight");
                map.Fuse("blocks.{i}.kv_linear.bias", "transformer_blocks.{i}.attn2.to_k.bias", "transformer_blocks.{i}.attn2.to_v.bias");
                map.RenameLinear("transformer_blocks.{i}.attn2.to_out.0", "blocks.{i}.proj");
                return map;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown checkpoint layout");
        }
    }

    /// <inheritdoc />
    public override void InitializeWeights()
    {
        using var noGrad = no_grad();
        // Reference 1.11: y_proj ~ N(0, 0.02); cross-attention linears Xavier with proj zeroed (the branch starts as identity).
        foreach (var linear in new[] { y_proj.Fc1, y_proj.Fc2 })
        {
            nn.init.normal_(linear.Weight, 0, 0.02);
            linear.Bias?.zero_();
        }
        foreach (var block in blocks)
        {
            foreach (var (name, p) in block.named_parameters())
            {
                if (name.StartsWith("proj.", StringComparison.Ordinal)) p.zero_();
                else if (name.EndsWith(".weight", StringComparison.Ordinal)) nn.init.xavier_uniform_(p);
                else p.zero_();
            }
        }
        y_embedding.copy_(randn_like(y_embedding) / Math.Sqrt(Dimensions.CaptionChannels));
        _learnedNull = false;
    }
}
