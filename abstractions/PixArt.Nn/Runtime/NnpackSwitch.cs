using System.Runtime.InteropServices;

namespace PixArt.Nn.Runtime;

/// <summary>
/// Turns libtorch's NNPACK convolution backend off (PyTorch's <c>torch.backends.nnpack.set_flags(False)</c>), which
/// TorchSharp does not expose. On CPUs NNPACK cannot run on (no visible L3 cache, as in many VMs), libtorch 2.10 logs
/// "Could not initialize NNPACK! Reason: Unsupported hardware." at every convolution that could have used it: 241 lines
/// in one test run, up to 27 in one generation. Those convolutions then run on oneDNN or ATen anyway; with the backend
/// off they take that path without asking NNPACK. NNPACK only serves float32 convolutions of batch 16 or more, which
/// this framework's models do not run.
/// </summary>
internal static class NnpackSwitch
{
    private const string GlobalContext = "_ZN2at13globalContextEv";                  // at::globalContext()
    private const string SetEnabled = "_ZN2at7Context20setUserEnabledNNPACKEb";        // at::Context::setUserEnabledNNPACK(bool)
    private const string GetEnabled = "_ZNK2at7Context17userEnabledNNPACKEv";          // at::Context::userEnabledNNPACK() const

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ContextGetter();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void FlagSetter(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    private delegate bool FlagGetter(IntPtr context);

    /// <summary>Turns NNPACK off in the libtorch of <paramref name="libDir"/>; false when that libtorch lacks the symbols.</summary>
    public static bool TryDisable(string libDir)
    {
        if (!TryContext(libDir, out var library, out var context)) return false;
        if (!NativeLibrary.TryGetExport(library, SetEnabled, out var setter)) return false;
        Marshal.GetDelegateForFunctionPointer<FlagSetter>(setter)(context, false);
        return true;
    }

    /// <summary>Whether NNPACK is enabled in the libtorch of <paramref name="libDir"/> (null when it cannot be read).</summary>
    public static bool? IsEnabled(string libDir)
    {
        if (!TryContext(libDir, out var library, out var context)) return null;
        if (!NativeLibrary.TryGetExport(library, GetEnabled, out var getter)) return null;
        return Marshal.GetDelegateForFunctionPointer<FlagGetter>(getter)(context);
    }

    private static bool TryContext(string libDir, out IntPtr library, out IntPtr context)
    {
        context = IntPtr.Zero;
        if (!NativeLibrary.TryLoad(Path.Combine(libDir, "libtorch_cpu.so"), out library)) return false;
        if (!NativeLibrary.TryGetExport(library, GlobalContext, out var getContext)) return false;
        context = Marshal.GetDelegateForFunctionPointer<ContextGetter>(getContext)();
        return context != IntPtr.Zero;
    }
}
