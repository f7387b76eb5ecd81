using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Codecs;

/// <summary>Creates latent codecs (VAEs, identity).</summary>
public interface ILatentCodecFactory
{
    /// <summary>
    /// What <see cref="Create"/> would load, from the options and the codec's configuration only (no weights are read).
    /// Throws naming the option or file at fault.
    /// </summary>
    LatentCodecInfo Describe(ComponentContext context);

    /// <summary>Loads the codec described by <paramref name="context"/>'s options.</summary>
    ILatentCodec Create(ComponentContext context);
}
