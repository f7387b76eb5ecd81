using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Sees the latents after each denoising step (float32 <c>[B, C, h, w]</c>, the sampler's current sample), e.g. to show a
/// low-resolution preview. Called synchronously on the generating thread; the tensor belongs to the loop and is freed by the
/// next step, so an observer copies what it keeps and disposes what it makes.
/// </summary>
/// <param name="step">Steps done (1-based).</param>
/// <param name="total">Steps in all.</param>
/// <param name="latents">The current latents (not owned).</param>
public delegate void DenoisingStepObserver(int step, int total, Tensor latents);
