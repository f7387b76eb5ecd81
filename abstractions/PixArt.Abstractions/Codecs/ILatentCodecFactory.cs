using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Codecs;

/// <summary>Creates latent codecs (VAEs, identity).</summary>
public interface ILatentCodecFactory
{
    /// <summary>Loads the codec described by <paramref name="context"/>'s options.</summary>
    ILatentCodec Create(ComponentContext context);
}
