using System.Diagnostics;
using PixArt.Abstractions.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// The floating-point rate of the runtime's device and dtype, measured once per process with a few 512³ matrix products
/// (a few milliseconds): what a request's duration is estimated with. Small products run below a device's peak, so the
/// estimate errs on the long side.
/// </summary>
public static class ComputeRate
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(DeviceType, int, ScalarType), double> Measured = new();

    /// <summary>Operations per second, or null when the measurement fails.</summary>
    public static double? Measure(IRuntimeContext runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var key = (runtime.Device.type, runtime.Device.index, runtime.DType);
        lock (Gate)
        {
            if (Measured.TryGetValue(key, out var known)) return known;
            try
            {
                const int n = 512, repeats = 4;
                using var inference = torch.inference_mode();
                using var scope = NewDisposeScope();
                var a = randn(new long[] { n, n }, runtime.DType, runtime.Device);
                var b = randn(new long[] { n, n }, runtime.DType, runtime.Device);
                a.matmul(b); // warm-up
                Synchronize(runtime);
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < repeats; i++) a.matmul(b);
                Synchronize(runtime);
                var rate = repeats * 2.0 * n * n * n / Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
                Measured[key] = rate;
                return rate;
            }
            catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    private static void Synchronize(IRuntimeContext runtime)
    {
        if (runtime.Device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }
}
