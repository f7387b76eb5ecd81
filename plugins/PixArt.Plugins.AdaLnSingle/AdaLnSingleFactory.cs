using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.AdaLnSingle;

/// <summary>Creates <see cref="AdaLnSingleConditioning"/> for the denoiser's dimensions.</summary>
public sealed class AdaLnSingleFactory : ITimestepConditioningFactory
{
    /// <inheritdoc />
    public TimestepConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions)
    {
        var options = context.GetOptions<AdaLnSingleOptions>();
        var micro = options.MicroConditions ?? dimensions.MicroConditions ?? false;
        if (micro && dimensions.HiddenSize % 3 != 0)
            throw new ArgumentException(
                $"{context.ConfigPath}: micro-conditions need a hidden size divisible by 3 (three embeddings of C/3), got {dimensions.HiddenSize}");
        return new AdaLnSingleConditioning(dimensions, micro);
    }
}
