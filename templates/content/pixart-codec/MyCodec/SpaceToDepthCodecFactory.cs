using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;

namespace MyCodec;

/// <summary>Creates <see cref="SpaceToDepthCodec"/>s; <see cref="Describe"/> answers without creating one.</summary>
public sealed class SpaceToDepthCodecFactory : ILatentCodecFactory
{
    /// <inheritdoc />
    public LatentCodecInfo Describe(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var factor = context.GetOptions<SpaceToDepthCodecOptions>().Factor;
        return new LatentCodecInfo(SpaceToDepthCodec.ImageChannels * factor * factor, factor, 1.0, 0);
    }

    /// <inheritdoc />
    public ILatentCodec Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new SpaceToDepthCodec(context.GetOptions<SpaceToDepthCodecOptions>().Factor);
    }
}
