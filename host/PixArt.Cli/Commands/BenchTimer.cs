using System.Diagnostics;
using System.Globalization;
using PixArt.Hosting.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Commands;

/// <summary>Wall-clock timing that waits for the device, plus the peak device memory seen (CUDA only).</summary>
internal sealed class BenchTimer(Device device)
{
    private readonly Stopwatch _watch = new();

    public long PeakDeviceBytes { get; private set; }

    public void Synchronize()
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
        if (device.type == DeviceType.CUDA && CudaMemory.Query() is { } memory) PeakDeviceBytes = Math.Max(PeakDeviceBytes, memory.Used);
    }

    public void Start()
    {
        Synchronize();
        _watch.Restart();
    }

    /// <summary>Milliseconds since <see cref="Start"/>, after the device finished its queued work.</summary>
    public double StopMilliseconds()
    {
        Synchronize();
        _watch.Stop();
        return _watch.Elapsed.TotalMilliseconds;
    }

    public string Memory => device.type == DeviceType.CUDA
        ? (PeakDeviceBytes > 0 ? $"peak device memory in use {PeakDeviceBytes / (1024.0 * 1024 * 1024):F2} GiB (cudaMemGetInfo, caching allocator included)" : "device memory unknown (no CUDA runtime symbols)")
        : $"peak process memory {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB";

    public static string Summary(IReadOnlyList<double> samples)
    {
        var sorted = samples.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"median={median:F2} ms min={sorted[0]:F2} ms max={sorted[^1]:F2} ms n={sorted.Count}");
    }
}
