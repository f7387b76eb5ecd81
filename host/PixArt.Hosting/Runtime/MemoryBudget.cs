using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>How much memory a device has left, for the estimate made before a model is allocated.</summary>
public static class MemoryBudget
{
    /// <summary>Bytes available on <paramref name="device"/>: <c>MemAvailable</c> of the host for the CPU, free memory for CUDA; null when unknown.</summary>
    public static long? Available(Device device)
    {
        if (device.type == DeviceType.CUDA) return CudaMemory.Query() is { } cuda ? cuda.Total - cuda.Used : null;
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        _ => 4,
    };

    /// <summary>"1.2 GiB" style.</summary>
    public static string Format(long bytes) => bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GiB" : $"{bytes / (double)(1L << 20):F0} MiB";
}
