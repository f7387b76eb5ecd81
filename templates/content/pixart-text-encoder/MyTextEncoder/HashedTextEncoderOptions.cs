using System.ComponentModel.DataAnnotations;

namespace MyTextEncoder;

/// <summary>Options of <c>my-text-encoder</c>, bound from <c>PixArt:TextEncoder</c> and validated before any work.</summary>
public sealed class HashedTextEncoderOptions
{
    /// <summary>Tokens per prompt (longer prompts are truncated and reported).</summary>
    [Range(1, 4096)]
    public int MaxLength { get; set; } = 32;

    /// <summary>Width of each token embedding (the denoiser's caption channels).</summary>
    [Range(1, 8192)]
    public int HiddenSize { get; set; } = 64;

    /// <summary>Rows of the embedding table words are hashed into.</summary>
    [Range(16, 1 << 20)]
    public int Buckets { get; set; } = 4096;

    /// <summary>Seed of the embedding table (the same seed gives the same encoder everywhere).</summary>
    public long Seed { get; set; } = 1234;
}
