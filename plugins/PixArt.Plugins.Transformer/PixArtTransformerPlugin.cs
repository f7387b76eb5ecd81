using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.Transformer;

/// <summary>Entry point: registers the <c>pixart-transformer</c> denoiser.</summary>
public sealed class PixArtTransformerPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("pixart-transformer", new Version(0, 1, 0),
        new[] { ComponentKind.Denoiser }, "PixArt-α diffusion transformer (DiT backbone with pluggable timestep and text conditioning)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<IDenoiserFactory, PixArtTransformerFactory, PixArtTransformerOptions>(
            ComponentKind.Denoiser, "pixart-transformer", "PixArt-α transformer; loads official .pth, diffusers and native checkpoints");
}
