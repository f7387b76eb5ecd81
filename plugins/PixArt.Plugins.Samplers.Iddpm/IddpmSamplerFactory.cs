using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Iddpm;

/// <summary>Creates one <see cref="IddpmSampler"/> per run.</summary>
public sealed class IddpmSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: true, Stochastic: true);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise) =>
        new IddpmSampler(context.GetOptions<IddpmOptions>(), noise ?? throw new ArgumentNullException(nameof(noise)));
}
