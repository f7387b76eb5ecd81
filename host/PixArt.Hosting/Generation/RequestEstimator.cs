using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Model;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Estimates a request's memory and arithmetic from the model's description (<see cref="RequestEstimate"/>), for the
/// planner's check before any work. The denoiser is taken as a diffusion transformer (what <see cref="Abstractions.Denoising.DenoiserInfo"/>
/// describes): per token, about <see cref="ActivationsPerTokenWidth"/> × hidden size values alive in a block (input, norm,
/// q/k/v, attention output, the MLP's 4× hidden layer and its activation), plus the cross-attention scores over the caption;
/// self-attention runs in a memory-efficient kernel (no tokens² matrix). The decode takes what the codec declares.
/// </summary>
public static class RequestEstimator
{
    /// <summary>Values per token and hidden channel alive at a block's peak.</summary>
    public const int ActivationsPerTokenWidth = 14;

    /// <summary>The estimate for <paramref name="images"/> images of <paramref name="size"/> with <paramref name="steps"/> steps.</summary>
    public static RequestEstimate Estimate(ModelDescription model, ImageSize size, int images, bool guided, int steps, IRuntimeContext runtime)
    {
        var denoiser = model.Denoiser;
        var element = MemoryBudget.ElementSize(runtime.DType);
        long batch = images * (guided ? 2L : 1L);
        var perToken = (long)model.SizeMultiple;
        var tokens = (long)(size.Height / perToken) * (size.Width / perToken);
        var hidden = (long)denoiser.Dimensions.HiddenSize;
        var downsample = Math.Max(1, model.Codec.DownsampleFactor);
        var latentPixels = (long)(size.Height / downsample) * (size.Width / downsample);
        var captionTokens = (long)(model.TextEncoder?.MaxLength ?? denoiser.Dimensions.CaptionTokens);
        var heads = Math.Max(1, denoiser.Dimensions.Heads);
        var depth = Math.Max(1, denoiser.Dimensions.Depth);

        var denoiserBytes = batch * tokens * hidden * ActivationsPerTokenWidth * element
                            + batch * heads * tokens * captionTokens * 4   // cross-attention scores (masked: materialised, float32)
                            + tokens * hidden * element                     // positional embedding
                            + batch * denoiser.OutChannels * latentPixels * 4 * 3; // the output in float32, guidance and the step
        var decodeBytes = (long)(model.Codec.DecodeActivationsPerPixel * images * size.Height * size.Width * element)
                          + images * 3L * size.OutputHeight * size.OutputWidth * 4 * 3; // float32 images, their clamp and a resize
        // Linear layers: two operations per parameter and token; attention: QKᵀ and AV over the tokens and the caption.
        var flops = batch * (2.0 * tokens * denoiser.ParameterCount + 4.0 * depth * hidden * tokens * (tokens + captionTokens));
        return new RequestEstimate(denoiserBytes, decodeBytes, flops, steps, tokens, () => ComputeRate.Measure(runtime));
    }
}
