namespace PixArt.Nn.Runtime;

/// <summary>How libtorch was loaded, for <c>pixart doctor</c> and logs.</summary>
/// <param name="Source"><c>packaged</c> (the CPU libtorch NuGet package) or <c>external</c> (a libtorch folder).</param>
/// <param name="LibTorchDirectory">The folder libtorch's libraries were loaded from.</param>
/// <param name="BridgePath">The <c>libLibTorchSharp.so</c> in use (a patched cached copy when <paramref name="CompatPatchApplied"/>).</param>
/// <param name="CompatPatchApplied">True when the libstdc++ compatibility copy is in use.</param>
/// <param name="SystemLibStdCxx">The system libstdc++ that was checked.</param>
/// <param name="LibTorchVersion">libtorch version as reported by the loaded library folder (from its build file when present).</param>
/// <param name="CudaAvailable">True when CUDA was initialised and a device is usable.</param>
/// <param name="CudaDeviceCount">Number of CUDA devices.</param>
public sealed record LibTorchStatus(
    string Source,
    string LibTorchDirectory,
    string BridgePath,
    bool CompatPatchApplied,
    string? SystemLibStdCxx,
    string LibTorchVersion,
    bool CudaAvailable,
    int CudaDeviceCount);
