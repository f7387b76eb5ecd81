namespace PixArt.Abstractions.Text;

/// <summary>Prompts to token embeddings with a padding mask. Owns its weights; dispose to free them.</summary>
public interface ITextEncoder : IDisposable
{
    /// <summary>Token count every embedding is padded or truncated to (PixArt: 120).</summary>
    int MaxLength { get; }

    /// <summary>Width of each token embedding (T5-XXL: 4096); must equal the denoiser's caption channels.</summary>
    int HiddenSize { get; }

    /// <summary>
    /// Encodes <paramref name="prompts"/> (cleaned as the encoder's options say) into tokens <c>[B, MaxLength, HiddenSize]</c>
    /// in the runtime dtype and a mask <c>[B, MaxLength]</c> (1 = real token). Runs under no-grad.
    /// </summary>
    TextEmbedding Encode(IReadOnlyList<string> prompts);
}
