namespace PixArt.Hosting.Generation;

/// <summary>One generation job: prompts plus the per-request settings (everything else comes from configuration).</summary>
/// <param name="Prompts">One or more prompts; each yields <paramref name="NumImages"/> images.</param>
/// <param name="NegativePrompt">Negative prompt (see <see cref="GenerationOptions.Unconditional"/>).</param>
/// <param name="Width">Width in pixels (0 = native).</param>
/// <param name="Height">Height in pixels (0 = native).</param>
/// <param name="Seed">Seed of the first image.</param>
/// <param name="NumImages">Images per prompt.</param>
public sealed record GenerationRequest(IReadOnlyList<string> Prompts, string NegativePrompt, int Width, int Height, long Seed, int NumImages);

/// <summary>One generated image: pixels in [0, 1] <c>[3, H, W]</c> (float32, CPU, owned) and how it was made.</summary>
/// <param name="Pixels">The image.</param>
/// <param name="Parameters">Generation parameters, written into the PNG as text chunks.</param>
public sealed record GeneratedImage(TorchSharp.torch.Tensor Pixels, IReadOnlyDictionary<string, string> Parameters) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Pixels.Dispose();
}
