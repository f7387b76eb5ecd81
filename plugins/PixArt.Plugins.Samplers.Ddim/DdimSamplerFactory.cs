using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Ddim;

/// <summary>Creates one <see cref="DdimSampler"/> per run.</summary>
public sealed class DdimSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: context.GetOptions<DdimOptions>().Eta > 0);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise) =>
        new DdimSampler(context.GetOptions<DdimOptions>(), noise ?? throw new ArgumentNullException(nameof(noise)));
}
