using static TorchSharp.torch;

namespace PixArt.Abstractions.Text;

/// <summary>The result of <see cref="ITextEncoder.Encode"/>; owns its tensors.</summary>
public sealed class TextEmbedding : IDisposable
{
    /// <summary>Wraps encoder output; <paramref name="truncated"/> lists prompt indices that lost tokens.</summary>
    public TextEmbedding(Tensor tokens, Tensor mask, IReadOnlyList<int>? truncated = null)
    {
        Tokens = tokens;
        Mask = mask;
        Truncated = truncated ?? Array.Empty<int>();
    }

    /// <summary>Token embeddings <c>[B, L, C]</c>.</summary>
    public Tensor Tokens { get; }

    /// <summary>Padding mask <c>[B, L]</c>, 1 = keep, 0 = padding (int64).</summary>
    public Tensor Mask { get; }

    /// <summary>Indices of prompts that were longer than the maximum and were truncated.</summary>
    public IReadOnlyList<int> Truncated { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Tokens.Dispose();
        Mask.Dispose();
    }
}
