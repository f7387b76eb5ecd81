using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.AdaLnSingle;

/// <summary>Entry point: registers the <c>adaln-single</c> timestep conditioning of PixArt-α.</summary>
public sealed class AdaLnSinglePlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("adaln-single", new Version(0, 1, 0),
        new[] { ComponentKind.TimestepConditioning }, "PixArt-α adaLN-single timestep conditioning (shared t_block, per-block tables, MS micro-conditions)");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ITimestepConditioningFactory, AdaLnSingleFactory, AdaLnSingleOptions>(
            ComponentKind.TimestepConditioning, "adaln-single", "adaLN-single: one shared modulation MLP plus per-block tables [6, C]");
}
