using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Ddim;

/// <summary>Entry point of the DDIM sampler plugin (component <c>ddim</c>).</summary>
public sealed class DdimPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("ddim", new Version(0, 1, 0), [ComponentKind.Sampler], "DDIM sampler (diffusers DDIMScheduler semantics, eta ≥ 0)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, DdimSamplerFactory, DdimOptions>(ComponentKind.Sampler, "ddim", "DDIM, deterministic at eta 0");
}
