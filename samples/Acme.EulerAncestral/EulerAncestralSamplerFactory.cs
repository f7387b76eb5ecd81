using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace Acme.EulerAncestral;

/// <summary>Creates one <see cref="EulerAncestralSampler"/> per generation, drawing its noise from the generation's source.</summary>
public sealed class EulerAncestralSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: true);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new EulerAncestralSampler(context.GetOptions<EulerAncestralOptions>(), noise);
    }
}
