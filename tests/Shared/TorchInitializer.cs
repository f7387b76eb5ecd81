using PixArt.Nn.Runtime;
using System.Runtime.CompilerServices;
using PixArt.Hosting.Runtime;

namespace PixArt.Tests.Shared;

/// <summary>Loads libtorch (with the libstdc++ fix where needed) before any test of the assembly touches TorchSharp.</summary>
internal static class TorchInitializer
{
    [ModuleInitializer]
    internal static void Initialize() => LibTorchRuntime.EnsureInitialized();
}
