using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.CrossAttention;

/// <summary>Creates <see cref="CrossAttentionConditioning"/> for the denoiser's dimensions.</summary>
public sealed class CrossAttentionFactory : ITextConditioningFactory
{
    /// <inheritdoc />
    public TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions)
    {
        var options = context.GetOptions<CrossAttentionOptions>();
        if (dimensions.CaptionChannels <= 0 || dimensions.CaptionTokens <= 0)
            throw new ArgumentException($"{context.ConfigPath}: cross-attention needs positive caption channels and tokens, got {dimensions.CaptionChannels} and {dimensions.CaptionTokens}");
        return new CrossAttentionConditioning(dimensions, options.UseMask);
    }
}
