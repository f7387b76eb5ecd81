using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TorchSharp;

namespace PixArt.Nn.Runtime;

/// <summary>
/// Loads libtorch once per process, before anything touches TorchSharp:
/// the packaged CPU libtorch by default, or an external libtorch folder (<c>PIXART_LIBTORCH</c> or
/// <c>PixArt:Runtime:LibTorchPath</c>, e.g. the <c>lib</c> folder of a PyTorch CUDA install). On a system libstdc++
/// without <c>GLIBCXX_3.4.32</c> it loads a cached copy of TorchSharp's bridge whose requirement is marked weak.
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>Environment variable naming an external libtorch folder.</summary>
    public const string LibTorchVariable = "PIXART_LIBTORCH";

    /// <summary>Environment variable overriding the cache folder (default <c>$XDG_CACHE_HOME/pixart</c> or <c>~/.cache/pixart</c>).</summary>
    public const string CacheVariable = "PIXART_CACHE";

    /// <summary>The libstdc++ symbol version TorchSharp 0.107's bridge asks for.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";
    private const string BridgeFile = "libLibTorchSharp.so";
    private static readonly object Gate = new();
    private static LibTorchStatus? _status;
    private static IntPtr _bridge;

    /// <summary>The status after a successful <see cref="EnsureInitialized"/>, else null.</summary>
    public static LibTorchStatus? Status => _status;

    /// <summary>
    /// Loads libtorch (idempotent). <paramref name="libTorchPath"/> (when not blank; else <c>PIXART_LIBTORCH</c>) selects an external folder;
    /// <paramref name="initializeCuda"/> also initialises the CUDA backend. Throws <see cref="LibTorchException"/> with the cause.
    /// </summary>
    public static LibTorchStatus EnsureInitialized(string? libTorchPath = null, bool initializeCuda = false)
    {
        lock (Gate)
        {
            if (_status is not null)
            {
                if (initializeCuda && !_status.CudaAvailable) _status = _status with { CudaAvailable = TryInitCuda(out var n), CudaDeviceCount = n };
                return _status;
            }
            _status = Load(NullIfEmpty(libTorchPath) ?? NullIfEmpty(Environment.GetEnvironmentVariable(LibTorchVariable)), initializeCuda);
            return _status;
        }
    }

    private static LibTorchStatus Load(string? externalPath, bool initializeCuda)
    {
        var appNative = FindAppNativeFolder();
        var external = externalPath is not null;
        string libDir;
        if (external)
        {
            libDir = Path.GetFullPath(externalPath!);
            if (!Directory.Exists(libDir))
                throw new LibTorchException($"libtorch folder '{libDir}' (from {LibTorchVariable} or PixArt:Runtime:LibTorchPath) does not exist");
            if (!File.Exists(Path.Combine(libDir, "libtorch_cpu.so")))
                throw new LibTorchException($"libtorch folder '{libDir}' has no libtorch_cpu.so; point {LibTorchVariable} at the 'lib' folder of a libtorch or PyTorch install");
        }
        else
        {
            libDir = appNative ?? throw new LibTorchException(
                $"no packaged libtorch next to the application ({AppContext.BaseDirectory}); this build left it out, so set {LibTorchVariable} to a libtorch 'lib' folder");
        }

        var bridge = FindBridge(appNative, libDir);
        var libstdcxx = LibStdCxxProbe.Locate();
        var needsPatch = libstdcxx is not null && !LibStdCxxProbe.Provides(libstdcxx, RequiredGlibcxx);
        var forced = Environment.GetEnvironmentVariable("PIXART_LIBSTDCXX_COMPAT");
        if (forced == "always") needsPatch = true;
        if (forced == "never") needsPatch = false;

        var bridgeInUse = bridge;
        if (needsPatch) bridgeInUse = PatchedBridge(bridge);

        if (external || needsPatch)
        {
            Preload(libDir, initializeCuda);
            try
            {
                _bridge = NativeLibrary.Load(bridgeInUse);
            }
            catch (DllNotFoundException e)
            {
                throw new LibTorchException($"could not load TorchSharp's bridge {bridgeInUse} against libtorch in {libDir}: {e.Message}", e);
            }
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, ResolveBridge);
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e)
        {
            throw new LibTorchException($"libtorch failed to initialise from {libDir}: {e.GetBaseException().Message}", e);
        }
        NnpackSwitch.TryDisable(libDir);

        var cuda = false;
        var count = 0;
        if (initializeCuda) cuda = TryInitCuda(out count);
        return new LibTorchStatus(external ? "external" : "packaged", libDir, bridgeInUse, needsPatch, libstdcxx,
            ReadVersion(libDir), cuda, count);
    }

    private static IntPtr ResolveBridge(string name, Assembly assembly, DllImportSearchPath? path) =>
        name.Contains("LibTorchSharp", StringComparison.Ordinal) ? _bridge : IntPtr.Zero;

    private static bool TryInitCuda(out int count)
    {
        count = 0;
        try
        {
            torch.InitializeDeviceType(DeviceType.CUDA);
        }
        catch (Exception)
        {
            return false;
        }
        if (!torch.cuda.is_available()) return false;
        count = torch.cuda.device_count();
        return count > 0;
    }

    private static void Preload(string libDir, bool cuda)
    {
        // Order matters: each library's dependencies must already be loaded (resolved later by soname).
        var order = cuda
            ? new[] { "libc10.so", "libc10_cuda.so", "libtorch_cpu.so", "libtorch_cuda.so", "libtorch.so" }
            : new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" };
        foreach (var lib in order)
        {
            var full = Path.Combine(libDir, lib);
            if (!File.Exists(full))
            {
                if (lib.Contains("cuda", StringComparison.Ordinal)) continue; // a CPU-only folder: CUDA simply stays unavailable
                throw new LibTorchException($"libtorch folder '{libDir}' lacks {lib}");
            }
            try
            {
                NativeLibrary.Load(full);
            }
            catch (DllNotFoundException e)
            {
                throw new LibTorchException($"could not load {full}: {e.Message}", e);
            }
        }
    }

    private static string PatchedBridge(string bridge)
    {
        var original = File.ReadAllBytes(bridge);
        var hash = Convert.ToHexString(SHA256.HashData(original))[..16].ToLowerInvariant();
        var folder = Path.Combine(CacheRoot(), "native", hash);
        var target = Path.Combine(folder, BridgeFile);
        if (File.Exists(target)) return target;
        var patched = ElfVersionPatcher.MarkVersionWeak(original, "libstdc++.so.6", RequiredGlibcxx);
        if (patched is null) return bridge; // this bridge does not ask for the version: nothing to fix
        Directory.CreateDirectory(folder);
        var temp = target + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(temp, patched);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>The folder the framework caches derived files in.</summary>
    public static string CacheRoot()
    {
        var explicitRoot = NullIfEmpty(Environment.GetEnvironmentVariable(CacheVariable));
        if (explicitRoot is not null) return Path.GetFullPath(explicitRoot);
        var xdg = NullIfEmpty(Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(xdg ?? Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, ".cache"), "pixart");
    }

    private static string? FindAppNativeFolder()
    {
        var baseDir = AppContext.BaseDirectory;
        foreach (var dir in new[] { Path.Combine(baseDir, "runtimes", "linux-x64", "native"), baseDir })
            if (File.Exists(Path.Combine(dir, "libtorch_cpu.so"))) return dir;
        return null;
    }

    private static string FindBridge(string? appNative, string libDir)
    {
        var baseDir = AppContext.BaseDirectory;
        var candidates = new[] { appNative, Path.Combine(baseDir, "runtimes", "linux-x64", "native"), baseDir, libDir };
        foreach (var dir in candidates)
            if (dir is not null && File.Exists(Path.Combine(dir, BridgeFile))) return Path.Combine(dir, BridgeFile);
        throw new LibTorchException($"TorchSharp's bridge {BridgeFile} was not found next to the application ({baseDir})");
    }

    private static string ReadVersion(string libDir)
    {
        // A PyTorch install keeps version.py one folder up from lib/; the packaged libtorch is the one TorchSharp was built for.
        var versionPy = Path.Combine(libDir, "..", "version.py");
        if (File.Exists(versionPy))
        {
            var line = File.ReadLines(versionPy).FirstOrDefault(l => l.StartsWith("__version__", StringComparison.Ordinal));
            if (line is not null) return line.Split('=', 2)[1].Trim().Trim('\'', '"');
        }
        var buildVersion = Path.Combine(libDir, "..", "build-version");
        if (File.Exists(buildVersion)) return File.ReadAllText(buildVersion).Trim();
        // TorchSharp reports four parts (2.10.0.0); print the libtorch form.
        var reported = torch.__version__;
        return Version.TryParse(reported, out var v) && v.Revision == 0 ? v.ToString(3) : reported;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
