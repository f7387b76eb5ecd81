using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace MySampler;

/// <summary>Entry point of the plugin: registers the <c>my-sampler</c> sampler.</summary>
public sealed class DdimSamplerPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("my-sampler", new Version(0, 1, 0), [ComponentKind.Sampler], "a deterministic DDIM sampler");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, DdimSamplerFactory, DdimSamplerOptions>(ComponentKind.Sampler, "my-sampler", "deterministic DDIM (eta 0, leading spacing)");
}
