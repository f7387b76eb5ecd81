namespace PixArt.Plugins.SdVae;

/// <summary>Options of the <c>identity</c> latent codec: it has none; the class exists so configuration binds uniformly.</summary>
public sealed class IdentityCodecOptions
{
}
