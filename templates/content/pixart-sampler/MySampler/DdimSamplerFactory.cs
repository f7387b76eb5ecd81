using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace MySampler;

/// <summary>Creates one <see cref="DdimSampler"/> per generation.</summary>
public sealed class DdimSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: false);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise) => new DdimSampler(context.GetOptions<DdimSamplerOptions>());
}
