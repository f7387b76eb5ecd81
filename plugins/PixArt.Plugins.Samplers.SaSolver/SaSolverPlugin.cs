using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.SaSolver;

/// <summary>Entry point of the SA-Solver plugin (component <c>sa-solver</c>).</summary>
public sealed class SaSolverPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("sa-solver", new Version(0, 1, 0), [ComponentKind.Sampler], "SA-Solver stochastic Adams predictor-corrector (diffusers SASolverScheduler semantics)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, SaSolverSamplerFactory, SaSolverOptions>(ComponentKind.Sampler, "sa-solver", "SA-Solver, data prediction, τ window");
}
