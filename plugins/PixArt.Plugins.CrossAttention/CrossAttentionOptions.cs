namespace PixArt.Plugins.CrossAttention;

/// <summary>Options of the <c>cross-attention</c> text conditioning (the widths come from the denoiser).</summary>
public sealed class CrossAttentionOptions
{
    /// <summary>
    /// Whether the caption padding mask is applied (default true, as diffusers and the official non-MS code do).
    /// False attends to all caption tokens, as the official MS <c>forward_with_cfg</c> does.
    /// </summary>
    public bool UseMask { get; set; } = true;
}
