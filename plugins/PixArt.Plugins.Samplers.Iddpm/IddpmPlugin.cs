using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Iddpm;

/// <summary>Entry point of the IDDPM sampler plugin (component <c>iddpm</c>).</summary>
public sealed class IddpmPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("iddpm", new Version(0, 1, 0), [ComponentKind.Sampler], "IDDPM ancestral sampling with learned-range sigma (official PixArt)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, IddpmSamplerFactory, IddpmOptions>(ComponentKind.Sampler, "iddpm", "respaced ancestral sampling, learned variance");
}
