using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.SdVae;

/// <summary>Creates <see cref="IdentityCodec"/>s.</summary>
public sealed class IdentityCodecFactory : ILatentCodecFactory
{
    /// <inheritdoc />
    public ILatentCodec Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetOptions<IdentityCodecOptions>(); // fails with both type names if the host bound something else
        return new IdentityCodec();
    }
}
