namespace PixArt.Plugins.ClassConditioning;

/// <summary>Options of the <c>adaln-zero</c> timestep conditioning (its widths come from the denoiser; nothing to set today).</summary>
public sealed class AdaLnZeroOptions
{
}
