using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Classifier-free guidance, the one place it is computed. The doubled batch is ordered (unconditional, conditional),
/// as the official DPM-Solver wrapper and the diffusers pipeline order it.
/// </summary>
public static class ClassifierFreeGuidance
{
    /// <summary>
    /// Combines <paramref name="modelOutput"/> <c>[2B, C, ...]</c> into <c>[B, ...]</c>: the first
    /// <paramref name="epsChannels"/> channels become u + s·(c − u). With <paramref name="keepVariance"/> the remaining
    /// (learned-variance) channels of the conditional half are appended unguided, as the official IDDPM guides ε only;
    /// otherwise only the ε channels are returned. Returns a fresh tensor; the argument is not disposed.
    /// </summary>
    public static Tensor Combine(Tensor modelOutput, double scale, int epsChannels, bool keepVariance)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        if (modelOutput.dim() < 2 || modelOutput.shape[0] % 2 != 0)
            throw new ArgumentException($"guidance needs a doubled batch [2B, C, ...] but got [{string.Join(", ", modelOutput.shape)}]", nameof(modelOutput));
        var channels = modelOutput.shape[1];
        if (epsChannels < 1 || epsChannels > channels)
            throw new ArgumentOutOfRangeException(nameof(epsChannels), epsChannels, $"must be between 1 and the model's {channels} output channels");

        using var scope = NewDisposeScope();
        var half = modelOutput.shape[0] / 2;
        var uncond = modelOutput.narrow(0, 0, half);
        var cond = modelOutput.narrow(0, half, half);
        var guidedEps = uncond.narrow(1, 0, epsChannels) + scale * (cond.narrow(1, 0, epsChannels) - uncond.narrow(1, 0, epsChannels));
        var result = keepVariance && channels > epsChannels
            ? cat([guidedEps, cond.narrow(1, epsChannels, channels - epsChannels)], 1)
            : guidedEps;
        return scope.MoveToOuter(result.contiguous());
    }
}
