using PixArt.Nn.Runtime;
using System.Runtime.InteropServices;
using PixArt.Hosting.Runtime;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Runtime;

public sealed class LibTorchRuntimeTests
{
    [Fact]
    public void TensorsAreCreatedAndComputedAfterTheBootstrap()
    {
        var status = LibTorchRuntime.EnsureInitialized();
        Assert.Equal("packaged", status.Source);
        using var a = arange(6, ScalarType.Float32).reshape(2, 3);
        using var b = a.matmul(a.t());
        Assert.Equal(new[] { 5f, 14f, 14f, 50f }, b.data<float>().ToArray());
        using var grad = ones(3, requires_grad: true);
        using var loss = (grad * grad).sum();
        loss.backward();
        Assert.Equal(new[] { 2f, 2f, 2f }, grad.grad!.data<float>().ToArray());
    }

    [Fact]
    public void NnpackIsTurnedOffSoCpusItCannotRunOnLogNothing()
    {
        var status = LibTorchRuntime.EnsureInitialized();
        Assert.False(NnpackSwitch.IsEnabled(status.LibTorchDirectory), "NNPACK is still enabled (or its flag could not be read)");
        using var image = ones(1, 3, 8, 8);
        using var weight = ones(2, 3, 3, 3);
        using var convolved = nn.functional.conv2d(image, weight, padding: new long[] { 1, 1 });
        Assert.Equal(27f, convolved[0, 0, 4, 4].item<float>());
    }

    [SkippableFact]
    public void CompatibilityCopyOfTheBridgeIsPatchedCachedAndLoadable()
    {
        var status = LibTorchRuntime.EnsureInitialized();
        var system = LibStdCxxProbe.Locate();
        Skip.If(system is null, "no system libstdc++ found to check");
        Skip.If(LibStdCxxProbe.Provides(system!, LibTorchRuntime.RequiredGlibcxx),
            $"the system libstdc++ ({system}) provides {LibTorchRuntime.RequiredGlibcxx}; no compatibility copy is needed on this machine");

        Assert.True(status.CompatPatchApplied);
        Assert.StartsWith(LibTorchRuntime.CacheRoot(), status.BridgePath);
        var original = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var originalBytes = File.ReadAllBytes(original);
        var patchedBytes = File.ReadAllBytes(status.BridgePath);

        // The original (the build output / NuGet copy) is untouched; the cached copy differs by exactly one flag byte.
        Assert.NotNull(ElfVersionPatcher.MarkVersionWeak(originalBytes, "libstdc++.so.6", LibTorchRuntime.RequiredGlibcxx));
        Assert.False(ElfVersionPatcher.IsWeak(originalBytes, "libstdc++.so.6", LibTorchRuntime.RequiredGlibcxx));
        Assert.True(ElfVersionPatcher.IsWeak(patchedBytes, "libstdc++.so.6", LibTorchRuntime.RequiredGlibcxx));
        Assert.Equal(originalBytes.Length, patchedBytes.Length);
        Assert.Equal(1, originalBytes.Zip(patchedBytes).Count(p => p.First != p.Second));

        // It is the library this process runs on: the bridge's exports resolve through the patched file.
        Assert.True(NativeLibrary.TryLoad(status.BridgePath, out var handle));
        Assert.True(NativeLibrary.TryGetExport(handle, "THSTensor_ones", out _));
    }

    [Fact]
    public void PatcherLeavesLibrariesWithoutTheRequirementAlone()
    {
        var libc = File.ReadAllBytes(LibStdCxxProbe.Locate() ?? "/bin/ls");
        Assert.Null(ElfVersionPatcher.MarkVersionWeak(libc, "libstdc++.so.6", "GLIBCXX_9.9.99"));
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionWeak(new byte[100], "libstdc++.so.6", "GLIBCXX_3.4.32"));
    }
}
