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

    /// <summary>
    /// Runs <paramref name="work"/> as long as <paramref name="warmup"/> asks (timed for it, not reported), then
    /// <paramref name="iterations"/> times timed (each result disposed); returns the timed runs' milliseconds. Cancellation
    /// is checked before every run.
    /// </summary>
    public List<double> Measure(WarmupRuns warmup, int iterations, Func<Tensor> work, CancellationToken cancellation)
    {
        while (warmup.NeedsMore)
        {
            cancellation.ThrowIfCancellationRequested();
            warmup.Add(Time(work));
        }
        var samples = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            samples.Add(Time(work));
        }
        return samples;
    }

    /// <summary>Times one run of <paramref name="work"/> (its result disposed) in milliseconds.</summary>
    public double Time(Func<Tensor> work)
    {
        Start();
        work().Dispose();
        return StopMilliseconds();
    }

    /// <summary>What the numbers were measured on: the device, and for the CPU its model, GEMM-relevant instruction sets and libtorch's thread count.</summary>
    public string Machine => device.type == DeviceType.CUDA
        ? $"machine: {device}"
        : $"machine: {CpuDescription.Current()}; {torch.get_num_threads()} libtorch thread{(torch.get_num_threads() == 1 ? "" : "s")}";

    /// <summary>The side of <see cref="GemmProbe"/>'s matmul.</summary>
    public const int ProbeSize = 1024;

    /// <summary>
    /// The machine's GEMM speed in <paramref name="dtype"/> right now: the best of 5 <see cref="ProbeSize"/>² matmuls
    /// (after one untimed), in GFLOP/s, for the report line <c>GEMM probe: …</c>. Forward times follow GEMM speed, so a
    /// comparison between machines, dtypes or a loaded and an idle machine reads this first (<c>bench matmul</c> measures
    /// it at any size). About 0.1 s on a CPU in float32.
    /// </summary>
    public string GemmProbe(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var inference = torch.inference_mode();
        var a = randn(new long[] { ProbeSize, ProbeSize }, dtype, device);
        var b = randn(new long[] { ProbeSize, ProbeSize }, dtype, device);
        Time(() => a.matmul(b));
        var best = Enumerable.Range(0, 5).Min(_ => Time(() => a.matmul(b)));
        return string.Create(CultureInfo.InvariantCulture,
            $"GEMM probe: {ProbeSize}x{ProbeSize} {RuntimeOptions.DTypeName(dtype)} matmul {MatmulGflops(ProbeSize, best):F0} GFLOP/s (best of 5, bench matmul for more)");
    }

    /// <summary>The speed of an <paramref name="n"/>×<paramref name="n"/> matmul that took <paramref name="milliseconds"/>: 2n³ FLOP, in GFLOP/s.</summary>
    public static double MatmulGflops(int n, double milliseconds) => 2.0 * n * n * n / (milliseconds / 1000) / 1e9;

    /// <summary>
    /// The closing lines of a report: peak memory, the machine, and with <paramref name="probeDType"/> the
    /// <see cref="GemmProbe"/> in that dtype (<c>bench matmul</c>, which is the probe itself, passes null).
    /// </summary>
    public IEnumerable<string> Footer(ScalarType? probeDType)
    {
        yield return Memory;
        yield return Machine;
        if (probeDType is { } dtype) yield return GemmProbe(dtype);
    }

    public static string Summary(IReadOnlyList<double> samples) =>
        string.Create(CultureInfo.InvariantCulture, $"median={Median(samples):F2} ms min={samples.Min():F2} ms max={samples.Max():F2} ms n={samples.Count}");

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
