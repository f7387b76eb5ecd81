using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Text;

namespace PixArt.Hosting.Model;

/// <summary>
/// The composed model: denoiser, latent codec and text encoder, loaded once and cross-checked (a DI singleton that many
/// requests, or training steps, use). Owns the components: disposing frees their weights.
/// </summary>
public sealed class PixArtModel : IDisposable
{
    /// <summary>Wraps loaded components (owned from now on).</summary>
    public PixArtModel(ModelDescription description, DenoiserModule denoiser, ILatentCodec codec, ITextEncoder? textEncoder)
    {
        Description = description;
        Denoiser = denoiser;
        Codec = codec;
        TextEncoder = textEncoder;
    }

    /// <summary>What the model is (names, sizes, conditioning facts).</summary>
    public ModelDescription Description { get; }

    /// <summary>What is recorded as the model in image metadata.</summary>
    public string Name => Description.Name;

    /// <summary>The denoiser.</summary>
    public DenoiserModule Denoiser { get; }

    /// <summary>The latent codec.</summary>
    public ILatentCodec Codec { get; }

    /// <summary>The text encoder, or null when none is configured (conditioning then comes from precomputed embeddings).</summary>
    public ITextEncoder? TextEncoder { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        TextEncoder?.Dispose();
        Codec.Dispose();
        Denoiser.Dispose();
    }
}
