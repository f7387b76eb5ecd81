using System.Globalization;
using PixArt.Hosting.Runtime;

namespace PixArt.Hosting.Generation;

/// <summary>
/// What a request will cost, estimated from the model's description before any work: the memory at its peak (denoiser
/// activations of a step, or the decode of all images) and the arithmetic of each denoising step. Estimates, made to refuse
/// what cannot fit and to warn about what will take long, not exact counts.
/// </summary>
/// <param name="DenoiserBytes">Activations of one denoiser forward (guidance batch included).</param>
/// <param name="DecodeBytes">Activations of decoding every image (0 when the codec gives no estimate).</param>
/// <param name="FlopsPerStep">Floating-point operations of one denoising step.</param>
/// <param name="Steps">Denoising steps.</param>
/// <param name="Tokens">Tokens per image the denoiser sees.</param>
/// <param name="Rate">Measures the device's floating-point operations per second (only called when the request is large).</param>
public sealed record RequestEstimate(long DenoiserBytes, long DecodeBytes, double FlopsPerStep, int Steps, long Tokens, Func<double?>? Rate = null)
{
    /// <summary>Below this many operations a request is never described as slow (no rate is measured).</summary>
    public const double SmallRequestFlops = 3e11;

    /// <summary>Memory at the request's peak.</summary>
    public long PeakBytes => Math.Max(DenoiserBytes, DecodeBytes);

    /// <summary>Operations of the whole denoising loop.</summary>
    public double TotalFlops => FlopsPerStep * Steps;

    /// <summary>
    /// A sentence with the estimated duration when it is longer than <paramref name="threshold"/>, else null. The device's
    /// rate is measured (a few milliseconds) only for requests above <see cref="SmallRequestFlops"/>.
    /// </summary>
    public string? Describe(TimeSpan threshold)
    {
        if (TotalFlops < SmallRequestFlops || Rate?.Invoke() is not { } rate || rate <= 0) return null;
        var perStep = TimeSpan.FromSeconds(FlopsPerStep / rate);
        var total = TimeSpan.FromSeconds(TotalFlops / rate);
        if (total < threshold) return null;
        return string.Create(CultureInfo.InvariantCulture,
            $"this request is estimated at about {Format(total)} ({Steps} steps of about {Format(perStep)}, {Tokens:N0} tokens per image, peak memory about {MemoryBudget.Format(PeakBytes)})");
    }

    private static string Format(TimeSpan t) => t.TotalHours >= 1 ? $"{t.TotalHours:F1} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:F0} min" : $"{Math.Max(1, t.TotalSeconds):F0} s";
}
