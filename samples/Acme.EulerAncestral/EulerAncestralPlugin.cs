using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace Acme.EulerAncestral;

/// <summary>Entry point of the plugin: registers the <c>acme-euler-ancestral</c> sampler.</summary>
public sealed class EulerAncestralPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("acme-euler-ancestral", new Version(0, 1, 0), [ComponentKind.Sampler], "Euler ancestral (diffusers' EulerAncestralDiscreteScheduler)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, EulerAncestralSamplerFactory, EulerAncestralOptions>(ComponentKind.Sampler, "acme-euler-ancestral",
            "Euler ancestral: an Euler step to σ_down, then fresh noise of σ_up (stochastic)");
}
