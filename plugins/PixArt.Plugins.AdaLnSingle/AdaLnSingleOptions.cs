namespace PixArt.Plugins.AdaLnSingle;

/// <summary>Options of the <c>adaln-single</c> timestep conditioning.</summary>
public sealed class AdaLnSingleOptions
{
    /// <summary>
    /// Whether the resolution and aspect-ratio micro-conditions of the multi-scale model are used
    /// (<c>csize_embedder</c>/<c>ar_embedder</c>). Null (default) lets the denoiser's checkpoint configuration decide
    /// (diffusers <c>use_additional_conditions</c>, else <c>sample_size == 128</c>, else the preset); false when unknown.
    /// </summary>
    public bool? MicroConditions { get; set; }
}
