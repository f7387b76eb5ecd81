using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.CrossAttention;

/// <summary>Entry point: registers the <c>cross-attention</c> text conditioning of PixArt-α.</summary>
public sealed class CrossAttentionPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("cross-attention", new Version(0, 1, 0),
        new[] { ComponentKind.TextConditioning }, "PixArt-α caption projection, learned null caption and per-block cross-attention");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ITextConditioningFactory, CrossAttentionFactory, CrossAttentionOptions>(
            ComponentKind.TextConditioning, "cross-attention", "caption tokens projected to C and attended by every block (padding masked)");
}
