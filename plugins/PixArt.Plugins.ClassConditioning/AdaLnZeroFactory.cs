using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>Creates <see cref="AdaLnZeroConditioning"/>.</summary>
public sealed class AdaLnZeroFactory : ITimestepConditioningFactory
{
    /// <inheritdoc />
    public TimestepConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        _ = context.GetOptions<AdaLnZeroOptions>();
        return new TimestepConditioningInfo(false, AdaLnZeroConditioning.ParameterCount(dimensions));
    }

    /// <inheritdoc />
    public TimestepConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        _ = context.GetOptions<AdaLnZeroOptions>();
        return new AdaLnZeroConditioning(dimensions);
    }
}
