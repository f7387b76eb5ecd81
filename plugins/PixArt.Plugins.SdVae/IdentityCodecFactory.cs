using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.SdVae;

/// <summary>Creates <see cref="IdentityCodec"/>s.</summary>
public sealed class IdentityCodecFactory : ILatentCodecFactory
{
    /// <inheritdoc />
    public LatentCodecInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetOptions<IdentityCodecOptions>();
        // Decoding is a clamp and a copy of the image.
        return new LatentCodecInfo(IdentityCodec.Channels, 1, 1.0, 0) { DecodeActivationsPerPixel = 2 * IdentityCodec.Channels };
    }

    /// <inheritdoc />
    public ILatentCodec Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetOptions<IdentityCodecOptions>(); // fails with both type names if the host bound something else
        return new IdentityCodec();
    }
}
