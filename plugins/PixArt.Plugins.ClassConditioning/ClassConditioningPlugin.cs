using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Plugins;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>Entry point: registers DiT-style class conditioning (<c>adaln-zero</c> and <c>class-label</c>).</summary>
public sealed class ClassConditioningPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("class-conditioning", new Version(0, 1, 0),
        new[] { ComponentKind.TimestepConditioning, ComponentKind.TextConditioning },
        "DiT class-conditional modulation: per-block adaLN-Zero MLPs and a class-label embedding");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context)
    {
        context.AddComponent<ITimestepConditioningFactory, AdaLnZeroFactory, AdaLnZeroOptions>(
            ComponentKind.TimestepConditioning, "adaln-zero", "DiT adaLN-Zero: one modulation MLP per block from SiLU(t + class)");
        context.AddComponent<ITextConditioningFactory, ClassLabelFactory, ClassLabelOptions>(
            ComponentKind.TextConditioning, "class-label", "DiT class embedding (with a null class) added to the timestep embedding");
    }
}
