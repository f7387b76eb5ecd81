using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;

namespace PixArt.Plugins.Samplers.Lcm;

/// <summary>Entry point of the LCM sampler plugin (component <c>lcm</c>).</summary>
public sealed class LcmPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("lcm", new Version(0, 1, 0), [ComponentKind.Sampler], "Latent consistency model sampler (diffusers LCMScheduler semantics)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, LcmSamplerFactory, LcmOptions>(ComponentKind.Sampler, "lcm", "LCM multistep consistency sampling (PixArt-δ)");
}
