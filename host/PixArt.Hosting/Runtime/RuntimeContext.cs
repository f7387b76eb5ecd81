using PixArt.Nn.Runtime;
using PixArt.Abstractions.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Runtime;

/// <summary>The resolved device and dtypes of this process (created after libtorch is loaded).</summary>
public sealed class RuntimeContext : IRuntimeContext
{
    /// <summary>Creates a context; <paramref name="device"/> and <paramref name="dtype"/> must already be resolved.</summary>
    public RuntimeContext(Device device, ScalarType dtype)
    {
        Device = device;
        DType = dtype;
    }

    /// <summary>A float32 CPU context (tests, tools).</summary>
    public static RuntimeContext Cpu() => new(CPU, ScalarType.Float32);

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    public ScalarType DType { get; }

    /// <inheritdoc />
    public ScalarType ComputeDType => ScalarType.Float32;

    /// <inheritdoc />
    public INoiseSource CreateNoiseSource(long seed) => new GeneratorNoiseSource(seed);

    /// <summary>
    /// Loads libtorch for <paramref name="options"/> (<see cref="LibTorchRuntime.EnsureInitialized"/>: CUDA too unless the
    /// device is <c>cpu</c>) and resolves the device and dtype (<c>auto</c> by <paramref name="policy"/> on this process's
    /// CPU). Throws <see cref="LibTorchException"/> with the cause.
    /// </summary>
    public static RuntimeContext Bootstrap(RuntimeOptions options, AutoDTypePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(policy);
        var status = LibTorchRuntime.EnsureInitialized(options.LibTorchPath, initializeCuda: options.Device != "cpu");
        return Resolve(options, status, CpuDescription.Current(), policy);
    }

    /// <summary>
    /// Resolves <paramref name="options"/> against what libtorch offers; <c>DType = auto</c> by
    /// <see cref="AutoDTypePolicy.Resolve"/> for <paramref name="cpu"/>. Throws <see cref="LibTorchException"/> when CUDA
    /// is requested and not usable, naming what was loaded.
    /// </summary>
    public static RuntimeContext Resolve(RuntimeOptions options, LibTorchStatus status, CpuDescription cpu, AutoDTypePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cpu);
        ArgumentNullException.ThrowIfNull(policy);
        Device device;
        if (options.Device == "cpu") device = CPU;
        else if (options.Device == "auto") device = status.CudaAvailable ? CUDA : CPU;
        else
        {
            if (!status.CudaAvailable)
                throw new LibTorchException(status.Source == "packaged"
                    ? $"PixArt:Runtime:Device is '{options.Device}' but the loaded libtorch is the packaged CPU build; set {LibTorchRuntime.LibTorchVariable} (or PixArt:Runtime:LibTorchPath) to a CUDA libtorch 'lib' folder"
                    : $"PixArt:Runtime:Device is '{options.Device}' but libtorch from {status.LibTorchDirectory} reports no usable CUDA device");
            var index = options.Device == "cuda" ? 0 : int.Parse(options.Device[5..]);
            if (index >= status.CudaDeviceCount)
                throw new LibTorchException($"PixArt:Runtime:Device is '{options.Device}' but only {status.CudaDeviceCount} CUDA device(s) exist");
            device = new Device(DeviceType.CUDA, index);
        }
        var dtype = RuntimeOptions.NamedDTypes.TryGetValue(options.DType, out var named) ? named : policy.Resolve(device, cpu);
        if (options.Threads > 0) torch.set_num_threads(options.Threads);
        return new RuntimeContext(device, dtype);
    }
}
