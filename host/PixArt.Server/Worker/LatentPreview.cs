using PixArt.Hosting.Images;
using static TorchSharp.torch;

namespace PixArt.Server.Worker;

/// <summary>
/// A cheap low-resolution preview of latents, without the decoder: for four-channel (Stable Diffusion VAE) latents the
/// linear latent-to-RGB approximation AUTOMATIC1111 calls "Approx cheap"; for other codecs the first channels stretched to
/// [0, 1]. The preview has the latents' resolution (an eighth of the image for the SD VAE).
/// </summary>
public static class LatentPreview
{
    // Rows: latent channels; columns: R, G, B (AUTOMATIC1111 sd_samplers_common, approximation for SD 1.x/2.x latents).
    private static readonly float[] SdCoefficients =
    [
        0.298f, 0.207f, 0.208f,
        0.187f, 0.286f, 0.173f,
        -0.158f, 0.189f, 0.264f,
        -0.184f, -0.271f, -0.473f,
    ];

    /// <summary>PNG bytes of the preview of row <paramref name="row"/> of <paramref name="latents"/> <c>[B, C, h, w]</c>.</summary>
    public static byte[] Render(Tensor latents, int row)
    {
        ArgumentNullException.ThrowIfNull(latents);
        using var scope = NewDisposeScope();
        var x = latents.narrow(0, row, 1).squeeze(0).to(ScalarType.Float32, CPU); // [C, h, w]
        var channels = (int)x.shape[0];
        Tensor rgb;
        if (channels == 4)
        {
            var coefficients = tensor(SdCoefficients).view(4, 3);
            rgb = einsum("chw,cr->rhw", x, coefficients).add(1).div(2).clamp(0, 1);
        }
        else
        {
            var first = x.narrow(0, 0, Math.Min(3, channels));
            if (first.shape[0] < 3) first = first.narrow(0, 0, 1).expand(3, -1, -1);
            var (low, high) = (first.min(), first.max());
            rgb = first.sub(low).div(high.sub(low).clamp_min(1e-6f));
        }
        return PngImageWriter.Encode(rgb.contiguous(), []);
    }
}
