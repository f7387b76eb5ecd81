using System.ComponentModel.DataAnnotations;

namespace MyCodec;

/// <summary>Options of <c>my-codec</c>, bound from <c>PixArt:Codec</c> and validated before any work.</summary>
public sealed class SpaceToDepthCodecOptions
{
    /// <summary>Side of the pixel block folded into one latent position (the downsample factor).</summary>
    [Range(1, 16)]
    public int Factor { get; set; } = 2;
}
