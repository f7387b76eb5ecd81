using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Nn.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Runtime;

// What PixArt:Runtime:DType = auto resolves to, for CPUs with and without native bf16, whatever CPU runs the test.
public sealed class AutoDTypePolicyTests
{
    private static readonly CpuDescription NativeBf16 = new("test CPU with AMX", ["avx2", "avx512f", "avx512_bf16", "amx_bf16"]);
    private static readonly CpuDescription AvxBf16Only = new("test CPU with AVX512-BF16", ["avx2", "avx512f", "avx512_bf16"]);
    private static readonly CpuDescription NoBf16 = new("test CPU without bf16", ["avx2", "avx512f"]);

    private static ScalarType Resolve(string dtype, CpuDescription cpu, AutoDTypePolicy policy) =>
        RuntimeContext.Resolve(new RuntimeOptions { Device = "cpu", DType = dtype }, LibTorchRuntime.EnsureInitialized(), cpu, policy).DType;

    [Fact]
    public void AutoIsBfloat16ForGenerationOnlyWhereTheCpuHasNativeBf16()
    {
        Assert.Equal(ScalarType.BFloat16, Resolve("auto", NativeBf16, AutoDTypePolicy.Generation));
        Assert.Equal(ScalarType.BFloat16, Resolve("auto", AvxBf16Only, AutoDTypePolicy.Generation));
        Assert.Equal(ScalarType.Float32, Resolve("auto", NoBf16, AutoDTypePolicy.Generation));
    }

    [Fact]
    public void AutoIsFloat32ForReproducibleWorkOnEveryCpu()
    {
        Assert.Equal(ScalarType.Float32, Resolve("auto", NativeBf16, AutoDTypePolicy.Reproducible));
        Assert.Equal(ScalarType.Float32, Resolve("auto", NoBf16, AutoDTypePolicy.Reproducible));
    }

    [Fact]
    public void AnExplicitDTypeWinsOverThePolicyAndTheCpu()
    {
        Assert.Equal(ScalarType.Float32, Resolve("float32", NativeBf16, AutoDTypePolicy.Generation));
        Assert.Equal(ScalarType.BFloat16, Resolve("bfloat16", NoBf16, AutoDTypePolicy.Reproducible));
        Assert.Equal(ScalarType.Float16, Resolve("float16", NativeBf16, AutoDTypePolicy.Generation));
    }

    [Fact]
    public void AutoIsBfloat16OnCudaUnderEitherPolicy()
    {
        var cuda = new Device(DeviceType.CUDA, 0);
        Assert.Equal(ScalarType.BFloat16, AutoDTypePolicy.Generation.Resolve(cuda, NoBf16));
        Assert.Equal(ScalarType.BFloat16, AutoDTypePolicy.Reproducible.Resolve(cuda, NoBf16));
    }

    [Fact]
    public void TheHostUsesThePolicyRegisteredBeforeAddPixArtAndGenerationOtherwise()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PixArt:Runtime:Device"] = "cpu" }).Build();
        var noPlugins = PluginCatalog.Load([], configuration);
        var cpu = CpuDescription.Current();

        using var byDefault = new ServiceCollection().AddPixArt(configuration, noPlugins).BuildServiceProvider();
        Assert.Same(AutoDTypePolicy.Generation, byDefault.GetRequiredService<AutoDTypePolicy>());
        Assert.Equal(AutoDTypePolicy.Generation.Resolve(CPU, cpu), byDefault.GetRequiredService<IRuntimeContext>().DType);

        using var reproducible = new ServiceCollection().AddSingleton(AutoDTypePolicy.Reproducible)
            .AddPixArt(configuration, noPlugins).BuildServiceProvider();
        Assert.Equal(ScalarType.Float32, reproducible.GetRequiredService<IRuntimeContext>().DType);
    }

    [Fact]
    public void RuntimeDTypeNamesAreTheConfigurationValues()
    {
        Assert.Equal("float32", RuntimeOptions.DTypeName(ScalarType.Float32));
        Assert.Equal("bfloat16", RuntimeOptions.DTypeName(ScalarType.BFloat16));
        Assert.Equal("float16", RuntimeOptions.DTypeName(ScalarType.Float16));
        Assert.Throws<ArgumentOutOfRangeException>(() => RuntimeOptions.DTypeName(ScalarType.Int64));
    }
}
