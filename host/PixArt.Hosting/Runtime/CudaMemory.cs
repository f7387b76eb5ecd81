using System.Runtime.InteropServices;

namespace PixArt.Hosting.Runtime;

/// <summary>
/// Device memory in use, read through the CUDA runtime that libtorch already loaded (<c>cudaMemGetInfo</c>): TorchSharp
/// exposes no allocator statistics. The figure includes libtorch's cached blocks and other processes on the device.
/// </summary>
public static class CudaMemory
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int MemGetInfo(out nuint free, out nuint total);

    private static readonly Lazy<MemGetInfo?> Function = new(Resolve);

    /// <summary>(used, total) bytes of the current CUDA device, or null when no CUDA runtime is loaded.</summary>
    public static (long Used, long Total)? Query()
    {
        var function = Function.Value;
        if (function is null || function(out var free, out var total) != 0) return null;
        return ((long)(total - free), (long)total);
    }

    private static MemGetInfo? Resolve()
    {
        try
        {
            var library = File.ReadLines("/proc/self/maps")
                .Select(l => l.IndexOf('/') is var at and >= 0 ? l[at..].Trim() : "")
                .FirstOrDefault(p => Path.GetFileName(p).StartsWith("libcudart", StringComparison.Ordinal));
            if (library is null || !NativeLibrary.TryLoad(library, out var handle)) return null;
            return NativeLibrary.TryGetExport(handle, "cudaMemGetInfo", out var address)
                ? Marshal.GetDelegateForFunctionPointer<MemGetInfo>(address)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
