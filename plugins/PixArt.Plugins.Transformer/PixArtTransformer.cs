using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Weights;
using PixArt.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// The PixArt-α transformer (reference 1.2): patch embedding + fixed 2-D sin-cos PE for any latent size, N blocks
/// modulated by the timestep conditioning and conditioned by the text conditioning, T2I final layer, unpatchify.
/// Conditioning components are submodules <c>timestep_conditioning</c> and <c>text_conditioning</c>.
/// </summary>
public sealed class PixArtTransformer : DenoiserModule
{
    private readonly PatchEmbed x_embedder;
    private readonly ModuleList<PixArtBlock> blocks;
    private readonly FinalLayer final_layer;
    private readonly TimestepConditioningModule timestep_conditioning;
    private readonly TextConditioningModule text_conditioning;
    private readonly SinCosPositionalEmbedding _positions;
    private readonly DenoiserDimensions _dimensions;
    private readonly long _parameterCount;

    /// <summary>Prefix of the timestep conditioning's keys in the native layout (its submodule name).</summary>
    public const string TimestepConditioningPrefix = "timestep_conditioning.";

    /// <summary>Prefix of the text conditioning's keys in the native layout (its submodule name).</summary>
    public const string TextConditioningPrefix = "text_conditioning.";

    /// <summary>Builds the model around the given conditioning modules (built for the same dimensions).</summary>
    public PixArtTransformer(PixArtTransformerConfig config, TimestepConditioningModule timestepConditioning, TextConditioningModule textConditioning)
        : base("pixart_transformer")
    {
        config.Validate();
        Config = config;
        _dimensions = config.Dimensions(textConditioning.NullConditionTokens, timestepConditioning.UsesMicroConditions);
        x_embedder = new PatchEmbed(config.InChannels, config.HiddenSize, config.PatchSize);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Depth)
            .Select(_ => new PixArtBlock(config.HiddenSize, config.Heads, config.MlpRatio)).ToArray());
        final_layer = new FinalLayer(config.HiddenSize, config.PatchSize, config.OutChannels);
        timestep_conditioning = timestepConditioning;
        text_conditioning = textConditioning;
        _positions = new SinCosPositionalEmbedding(config.HiddenSize, (double)config.SampleSize / config.PatchSize, config.EffectiveInterpolationScale);
        RegisterComponents();
        _parameterCount = Count(this);
    }

    /// <summary>The resolved architecture.</summary>
    public PixArtTransformerConfig Config { get; }

    /// <summary>
    /// The <c>Type</c> ids of the conditioning children it was built with (when built from configuration): recorded in the
    /// <c>config.json</c> of a saved folder, so loading the folder needs no other setting.
    /// </summary>
    public (string Timestep, string Text)? ConditioningTypes { get; init; }

    /// <inheritdoc />
    public override DenoiserInfo Info => new(Config.InChannels, Config.OutChannels, Config.PatchSize, Config.SampleSize, _dimensions,
        new TimestepConditioningInfo(timestep_conditioning.UsesMicroConditions, Count(timestep_conditioning)),
        new TextConditioningInfo(text_conditioning.CaptionChannels, text_conditioning.NullConditionTokens, text_conditioning.HasLearnedNullCondition, Count(text_conditioning),
            text_conditioning.NumClasses),
        _parameterCount);

    /// <summary>Parameters of the backbone alone (patch embedding, blocks, final linear) for <paramref name="config"/>.</summary>
    public static long BackboneParameterCount(PixArtTransformerConfig config)
    {
        long c = config.HiddenSize, p = config.PatchSize;
        var block = ParameterCounts.SelfAttention(c) + ParameterCounts.Mlp(c, (long)(c * config.MlpRatio), c);
        return config.InChannels * p * p * c + c + config.Depth * block + ParameterCounts.Linear(c, p * p * config.OutChannels);
    }

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <inheritdoc />
    public override TimestepConditioningModule TimestepConditioning => timestep_conditioning;

    /// <inheritdoc />
    public override TextConditioningModule TextConditioning => text_conditioning;

    /// <summary>The positional-embedding cache (exposed for tests and diagnostics).</summary>
    public SinCosPositionalEmbedding PositionalEmbedding => _positions;

    /// <inheritdoc />
    public override Tensor Forward(Tensor latents, Tensor timesteps, ConditionInput condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ValidateInputs(latents, timesteps, condition);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Denoise(latents, timesteps, condition, text_conditioning.Prepare(condition)));
    }

    /// <summary>
    /// Runs the text conditioning's <c>Prepare</c> once (caption projection, attention bias, every block's keys and
    /// values) for all forwards of a generation; the state is detached from the caller's dispose scope and owned by the result.
    /// </summary>
    public override PreparedCondition Prepare(ConditionInput condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var scope = NewDisposeScope();
        var text = text_conditioning.Prepare(condition);
        foreach (var tensor in text.Tensors) tensor.DetachFromDisposeScope();
        return new PreparedCondition(this, condition, text);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor latents, Tensor timesteps, PreparedCondition condition)
    {
        RequirePreparedHere(condition);
        // This model's Prepare always sets the text state; the null check only satisfies the compiler.
        var text = condition.Text ?? throw new ArgumentException("the condition was prepared without its text state", nameof(condition));
        ValidateInputs(latents, timesteps, condition.Input);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(Denoise(latents, timesteps, condition.Input, text));
    }

    // The forward proper, with the text conditioning already prepared; the caller's scope collects the intermediates.
    private Tensor Denoise(Tensor latents, Tensor timesteps, ConditionInput condition, TextConditioningState text)
    {
        var weight = final_layer.Linear.Weight;
        var (dtype, device) = (weight.dtype, weight.device);
        var (b, hLatent, wLatent) = (latents.shape[0], latents.shape[2], latents.shape[3]);
        var p = Config.PatchSize;
        var (h, w) = (hLatent / p, wLatent / p);

        var x = x_embedder.forward(latents.to(dtype, device));                           // [B, T, C]
        x.add_(_positions.Get(h, w, device, dtype));                                      // PE in the model dtype, as the official code; in place: addmm's backward does not need its output
        var t = timesteps.to(device).reshape(-1);
        if (t.shape[0] == 1 && b > 1) t = t.expand(b);
        var embedding = timestep_conditioning.Embed(t, condition, text.Vector);
        for (var i = 0; i < blocks.Count; i++)
        {
            var previous = x;
            x = blocks[i].Forward(x, timestep_conditioning, embedding, i, text_conditioning, text); // [B, T, C]
            previous.Dispose(); // keeps peak memory at one block's activations under inference
        }
        var output = final_layer.Forward(x, timestep_conditioning.FinalModulation(embedding)); // [B, T, p·p·out]
        return output.view(b, h, w, p, p, Config.OutChannels)
            .permute(0, 5, 1, 3, 2, 4)
            .reshape(b, Config.OutChannels, hLatent, wLatent);                            // [B, out, H, W]
    }

    /// <inheritdoc />
    public override WeightKeyMap KeyMap(CheckpointLayout layout)
    {
        // Native: every key under its own name, plus what the children leave out of the layout (Absent).
        var map = layout == CheckpointLayout.Native ? NativeKeyMap.For(this) : BackboneCheckpoint.KeyMap(layout);
        map.Include(timestep_conditioning.KeyMap(layout), "timestep_conditioning.");
        map.Include(text_conditioning.KeyMap(layout), "text_conditioning.");
        return map;
    }

    /// <summary>
    /// Re-initialises every weight as for training from scratch (reference 1.11): Xavier-uniform linears with zero bias,
    /// Xavier on the flattened patch-embedding kernel (its bias keeps the Conv2d default), zeroed final linear, then the
    /// conditioning components' own rules.
    /// </summary>
    public override void InitializeWeights()
    {
        using (no_grad())
        {
            foreach (var block in blocks)
            {
                foreach (var linear in new[] { block.Attn.Qkv, block.Attn.Proj, block.MlpLayer.Fc1, block.MlpLayer.Fc2 })
                {
                    nn.init.xavier_uniform_(linear.Weight);
                    linear.Bias?.zero_();
                }
            }
            var kernel = x_embedder.Proj.weight!;
            using (var flat = kernel.view(kernel.shape[0], -1)) nn.init.xavier_uniform_(flat);
            final_layer.Linear.Weight.zero_();
            final_layer.Linear.Bias?.zero_();
        }
        timestep_conditioning.InitializeWeights();
        text_conditioning.InitializeWeights();
    }

    /// <inheritdoc />
    public override void InitializeFrom(DenoiserModule source, float timestep)
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = source.state_dict();
        var to = state_dict();
        var backbone = to.Keys.Where(k => !k.StartsWith(TimestepConditioningPrefix, StringComparison.Ordinal)
                                          && !k.StartsWith(TextConditioningPrefix, StringComparison.Ordinal)).ToList();
        var problems = backbone.Where(k => !from.TryGetValue(k, out var s) || !s.shape.SequenceEqual(to[k].shape))
            .Select(k => from.TryGetValue(k, out var s)
                ? $"{k} [{string.Join(", ", s.shape)}] vs [{string.Join(", ", to[k].shape)}]"
                : $"{k} (absent in the source)").ToList();
        if (problems.Count > 0)
            throw new ArgumentException($"source and target backbones differ: {string.Join("; ", problems.Take(10))}", nameof(source));
        using (no_grad())
            foreach (var key in backbone) to[key].copy_(from[key]);
        timestep_conditioning.InitializeFrom(source.TimestepConditioning, timestep);
        text_conditioning.InitializeWeights();
    }

    private void ValidateInputs(Tensor latents, Tensor timesteps, ConditionInput condition)
    {
        var info = Info;
        if (latents.dim() != 4 || latents.shape[1] != info.InChannels)
            throw new ArgumentException(
                $"latents must be [B, {info.InChannels}, H, W] (this model takes {info.InChannels} latent channels), got [{string.Join(", ", latents.shape)}]", nameof(latents));
        if (latents.shape[2] % info.PatchSize != 0 || latents.shape[3] % info.PatchSize != 0)
            throw new ArgumentException(
                $"latent height and width must be multiples of the patch size {info.PatchSize}, got {latents.shape[2]}×{latents.shape[3]}", nameof(latents));
        if (timesteps.numel() != latents.shape[0] && timesteps.numel() != 1)
            throw new ArgumentException($"timesteps must be [B] = [{latents.shape[0]}] (or one value), got [{string.Join(", ", timesteps.shape)}]", nameof(timesteps));
        if (text_conditioning.CaptionChannels is int channels && condition.Caption is { } caption && caption.shape[^1] != channels)
            throw new ArgumentException(
                $"caption features have {caption.shape[^1]} channels; this model expects {channels} (CaptionChannels)", nameof(condition));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _positions.Dispose();
        base.Dispose(disposing);
    }
}
