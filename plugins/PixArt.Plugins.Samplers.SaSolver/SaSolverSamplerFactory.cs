using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.SaSolver;

/// <summary>Creates one <see cref="SaSolverSampler"/> per run.</summary>
public sealed class SaSolverSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: context.GetOptions<SaSolverOptions>().Tau > 0);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise) =>
        new SaSolverSampler(context.GetOptions<SaSolverOptions>(), noise ?? throw new ArgumentNullException(nameof(noise)));
}
