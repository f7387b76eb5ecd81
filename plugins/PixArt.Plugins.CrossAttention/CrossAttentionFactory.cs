using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;

namespace PixArt.Plugins.CrossAttention;

/// <summary>Creates <see cref="CrossAttentionConditioning"/> for the denoiser's dimensions and checkpoint.</summary>
public sealed class CrossAttentionFactory : ITextConditioningFactory
{
    /// <inheritdoc />
    public TextConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        var (tokens, learned) = NullCaption(context, dimensions, checkpoint);
        return new TextConditioningInfo(dimensions.CaptionChannels, tokens, learned, CrossAttentionConditioning.ParameterCount(dimensions, tokens));
    }

    /// <inheritdoc />
    public TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        var (tokens, learned) = NullCaption(context, dimensions, checkpoint);
        return new CrossAttentionConditioning(dimensions, tokens, learned, context.GetOptions<CrossAttentionOptions>().UseMask);
    }

    // The learned null caption's length and presence come from the checkpoint (its y_embedding), else the configuration.
    private static (int Tokens, bool Learned) NullCaption(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        if (dimensions.CaptionChannels <= 0 || dimensions.CaptionTokens <= 0)
            throw new ArgumentException($"{context.ConfigPath}: cross-attention needs positive caption channels and tokens, got {dimensions.CaptionChannels} and {dimensions.CaptionTokens}");
        var key = checkpoint?.Layout switch
        {
            null or CheckpointLayout.Diffusers => null, // diffusers files keep no null caption: its pipeline encodes "" instead
            CheckpointLayout.Official => "y_embedder.y_embedding",
            _ => "y_embedding",
        };
        if (key is null || !checkpoint!.Source.Keys.Contains(key)) return (dimensions.CaptionTokens, false);
        var shape = checkpoint.Source.Describe(key).Shape;
        if (shape.Length != 2 || shape[1] != dimensions.CaptionChannels || shape[0] < 1)
            throw new WeightFormatException(
                $"{checkpoint.Source.Path}: {key} is [{string.Join(", ", shape)}]; the learned null caption must be [tokens, {dimensions.CaptionChannels}] (the caption channels)");
        return ((int)shape[0], true);
    }
}
