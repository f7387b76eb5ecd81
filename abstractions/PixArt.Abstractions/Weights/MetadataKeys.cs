namespace PixArt.Abstractions.Weights;

/// <summary>Keys of the metadata the framework writes into checkpoints (safetensors <c>__metadata__</c>).</summary>
public static class MetadataKeys
{
    /// <summary>
    /// The key layout a denoiser checkpoint was written in (<c>diffusers</c>, <c>official</c> or <c>native</c>): written by
    /// every checkpoint writer (<c>pixart convert</c>, training exports), read back on load and shown by <c>pixart info</c>.
    /// </summary>
    public const string Layout = "pixart.layout";
}
