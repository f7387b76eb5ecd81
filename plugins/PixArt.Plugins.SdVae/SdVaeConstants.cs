namespace PixArt.Plugins.SdVae;

/// <summary>Fixed numbers of the SD VAE architecture that its config does not carry.</summary>
internal static class SdVaeConstants
{
    /// <summary>GroupNorm epsilon used by every norm of the VAE (diffusers passes <c>resnet_eps=1e-6</c> throughout).</summary>
    public const double NormEps = 1e-6;
}
