using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;

namespace PixArt.TestPlugins.EchoTwin;

/// <summary>Declares the same component id as the echo plugin, to exercise duplicate detection.</summary>
public sealed class EchoTwinPlugin : IPixArtPlugin
{
    public PluginManifest Manifest { get; } = new("echo-twin", new Version(1, 0, 0), new[] { ComponentKind.Sampler }, "duplicate component id");

    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ISamplerFactory, TwinFactory, SamplerOptions>(ComponentKind.Sampler, "echo-sampler", "a second echo-sampler");
}

public sealed class TwinFactory : ISamplerFactory
{
    public SamplerInfo Describe(ComponentContext context) => throw new InvalidOperationException("the twin must never be chosen");

    public ISampler Create(ComponentContext context, INoiseSource noise) => throw new InvalidOperationException("the twin must never be chosen");
}
