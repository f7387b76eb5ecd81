using System.Runtime.CompilerServices;
using PixArt.Nn.Runtime;

namespace Acme.EulerAncestral.Tests;

/// <summary>
/// Loads libtorch as the host does (the packaged build, or PIXART_LIBTORCH; with the libstdc++ fix on systems whose
/// libstdc++ lacks GLIBCXX_3.4.32, such as Debian 12) before any test touches TorchSharp.
/// </summary>
internal static class LibTorch
{
    [ModuleInitializer]
    internal static void Initialize() => LibTorchRuntime.EnsureInitialized();
}
