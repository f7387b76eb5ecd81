using PixArt.Abstractions.Plugins;

namespace PixArt.Hosting.Composition;

/// <summary>A place in configuration where a component is selected with <c>"Type"</c>, with the child slots under it.</summary>
/// <param name="Path">Section path (absolute for top-level slots, a sub-section name for children).</param>
/// <param name="Kind">The component kind expected there.</param>
/// <param name="Required">Whether the section must be present.</param>
/// <param name="Children">Slots nested in the component's section.</param>
public sealed record ComponentSlot(string Path, ComponentKind Kind, bool Required, IReadOnlyList<ComponentSlot> Children)
{
    /// <summary>A slot without children.</summary>
    public ComponentSlot(string path, ComponentKind kind, bool required) : this(path, kind, required, Array.Empty<ComponentSlot>()) { }

    /// <summary>The same slot with <see cref="Required"/> set.</summary>
    public ComponentSlot AsRequired(bool required = true) => this with { Required = required };
}

/// <summary>The component slots of a generation pipeline.</summary>
public static class PipelineSlots
{
    /// <summary><c>PixArt:TextEncoder</c>.</summary>
    public static readonly ComponentSlot TextEncoder = new("PixArt:TextEncoder", ComponentKind.TextEncoder, false);

    /// <summary><c>PixArt:Denoiser</c> with its <c>TimestepConditioning</c> and <c>TextConditioning</c> children.</summary>
    public static readonly ComponentSlot Denoiser = new("PixArt:Denoiser", ComponentKind.Denoiser, false, new[]
    {
        new ComponentSlot("TimestepConditioning", ComponentKind.TimestepConditioning, true),
        new ComponentSlot("TextConditioning", ComponentKind.TextConditioning, true),
    });

    /// <summary><c>PixArt:Sampler</c>.</summary>
    public static readonly ComponentSlot Sampler = new("PixArt:Sampler", ComponentKind.Sampler, false);

    /// <summary><c>PixArt:Codec</c>.</summary>
    public static readonly ComponentSlot Codec = new("PixArt:Codec", ComponentKind.LatentCodec, false);

    /// <summary>What generation needs: text encoder, denoiser, sampler and codec, all required.</summary>
    public static IReadOnlyList<ComponentSlot> Generation =>
        new[] { TextEncoder.AsRequired(), Denoiser.AsRequired(), Sampler.AsRequired(), Codec.AsRequired() };

    /// <summary>All of them, none required (what <c>doctor</c> checks).</summary>
    public static IReadOnlyList<ComponentSlot> All => new[] { TextEncoder, Denoiser, Sampler, Codec };
}
