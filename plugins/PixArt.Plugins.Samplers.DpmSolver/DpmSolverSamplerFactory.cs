using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>Creates one <see cref="DpmSolverSampler"/> per run.</summary>
public sealed class DpmSolverSamplerFactory : ISamplerFactory
{
    /// <inheritdoc />
    public SamplerInfo Describe(ComponentContext context) => new(UsesLearnedVariance: false, Stochastic: false);

    /// <inheritdoc />
    public ISampler Create(ComponentContext context, INoiseSource noise)
    {
        var options = context.GetOptions<DpmSolverOptions>();
        SolverGrid grid = options.Flavor == "official" ? new OfficialGrid(options) : new DiffusersGrid(options);
        return new DpmSolverSampler(options, noise ?? throw new ArgumentNullException(nameof(noise)), grid);
    }
}
