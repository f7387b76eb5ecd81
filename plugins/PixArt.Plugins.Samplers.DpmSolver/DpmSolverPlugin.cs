using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.DpmSolver;

/// <summary>Entry point of the DPM-Solver++ sampler plugin (component <c>dpm-solver</c>).</summary>
public sealed class DpmSolverPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("dpm-solver", new Version(0, 1, 0), [ComponentKind.Sampler], "DPM-Solver++ multistep (diffusers or official PixArt discretisation)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, DpmSolverSamplerFactory, DpmSolverOptions>(ComponentKind.Sampler, "dpm-solver", "DPM-Solver++ 2M, PixArt's default sampler");
}
