using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Lcm;

/// <summary>Creates one <see cref="LcmSampler"/> per run.</summary>
public sealed class LcmSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: true);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise) =>
        new LcmSampler(context.GetOptions<LcmOptions>(), noise ?? throw new ArgumentNullException(nameof(noise)));
}
