using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Training;
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
    public void AutoIsFloat32WhereOneDnnIsCappedBelowTheBf16Instructions()
    {
        foreach (var cap in new[] { "AVX512_CORE", "avx512_core_vnni", "AVX2", "sse41" })
        {
            var capped = NativeBf16 with { OneDnnIsaCap = cap };
            Assert.True(capped.HasBfloat16Instructions);
            Assert.False(capped.NativeBfloat16, cap);
            Assert.Equal(ScalarType.Float32, Resolve("auto", capped, AutoDTypePolicy.Generation));
            Assert.Contains("capped", AutoDTypePolicy.DescribeCpu(capped));
        }
        // Names at or above bf16, ALL, and what oneDNN does not recognise (it matches case-insensitively, blanks included) cap nothing.
        foreach (var cap in new[] { "AVX512_CORE_BF16", "AVX512_CORE_AMX", "avx10_1_512", "ALL", " SSE41 ", "junk" })
            Assert.Equal(ScalarType.BFloat16, Resolve("auto", NativeBf16 with { OneDnnIsaCap = cap }, AutoDTypePolicy.Generation));
        Assert.Contains("oneDNN capped at AVX2", (NativeBf16 with { OneDnnIsaCap = "AVX2" }).ToString());
        Assert.Contains("oneDNN capped at AVX512_CORE_AMX", (NativeBf16 with { OneDnnIsaCap = "AVX512_CORE_AMX" }).ToString());
        Assert.Contains("'junk' is no ISA name: ignored", (NativeBf16 with { OneDnnIsaCap = "junk" }).ToString());
        Assert.DoesNotContain("oneDNN", (NativeBf16 with { OneDnnIsaCap = "ALL" }).ToString());
    }

    [Fact]
    public void TheCpuIsReadFromCpuinfoAndTheCapFromTheNewerVariableFirstAsOneDnnReadsThem()
    {
        var cpuinfo = Path.Combine(Path.GetTempPath(), $"cpuinfo-{Guid.NewGuid():N}");
        File.WriteAllText(cpuinfo, "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse avx2 avx512f avx512_bf16\n\nprocessor\t: 1\n");
        try
        {
            CpuDescription Read(params (string Name, string Value)[] variables) =>
                CpuDescription.Read(cpuinfo, name => variables.FirstOrDefault(v => v.Name == name).Value);

            var plain = Read();
            Assert.Equal("Test CPU", plain.Model);
            Assert.Equal(["avx2", "avx512f", "avx512_bf16"], plain.Features);
            Assert.Null(plain.OneDnnIsaCap);
            Assert.True(plain.NativeBfloat16);
            Assert.Equal("AVX2", Read(("DNNL_MAX_CPU_ISA", "AVX2")).OneDnnIsaCap);
            Assert.Equal("ALL", Read(("ONEDNN_MAX_CPU_ISA", "ALL"), ("DNNL_MAX_CPU_ISA", "AVX2")).OneDnnIsaCap);
            Assert.Equal("AVX2", Read(("ONEDNN_MAX_CPU_ISA", ""), ("DNNL_MAX_CPU_ISA", "AVX2")).OneDnnIsaCap);
            Assert.False(Read(("ONEDNN_MAX_CPU_ISA", "avx512_core")).NativeBfloat16);
            Assert.Empty(CpuDescription.Read(cpuinfo + ".missing", _ => null).Features);
        }
        finally
        {
            File.Delete(cpuinfo);
        }
    }

    [Fact]
    public void TheHostUsesThePolicyRegisteredBeforeOrAfterAddPixArtAndReproducibleOtherwise()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PixArt:Runtime:Device"] = "cpu" }).Build();
        var noPlugins = PluginCatalog.Load([], configuration);
        var cpu = CpuDescription.Current();

        using var byDefault = new ServiceCollection().AddPixArt(configuration, noPlugins).BuildServiceProvider();
        Assert.Null(byDefault.GetService<AutoDTypePolicy>());
        Assert.Equal(ScalarType.Float32, byDefault.GetRequiredService<IRuntimeContext>().DType);

        using var before = new ServiceCollection().AddSingleton(AutoDTypePolicy.Generation)
            .AddPixArt(configuration, noPlugins).BuildServiceProvider();
        Assert.Equal(AutoDTypePolicy.Generation.Resolve(CPU, cpu), before.GetRequiredService<IRuntimeContext>().DType);

        using var after = new ServiceCollection().AddPixArt(configuration, noPlugins)
            .AddSingleton(AutoDTypePolicy.Generation).BuildServiceProvider();
        Assert.Equal(AutoDTypePolicy.Generation.Resolve(CPU, cpu), after.GetRequiredService<IRuntimeContext>().DType);
    }

    [Fact]
    public void TrainingWarnsWhenAHostsAutoDTypeResolvedToBfloat16OnTheCpu()
    {
        var warning = ExperimentPlan.ReducedPrecisionWarning(new RuntimeOptions { DType = "auto" }, new RuntimeContext(CPU, ScalarType.BFloat16));
        Assert.NotNull(warning);
        Assert.Contains("bfloat16", warning);
        Assert.Contains("AutoDTypePolicy.Reproducible", warning);
        Assert.Null(ExperimentPlan.ReducedPrecisionWarning(new RuntimeOptions { DType = "auto" }, new RuntimeContext(CPU, ScalarType.Float32)));
        Assert.Null(ExperimentPlan.ReducedPrecisionWarning(new RuntimeOptions { DType = "bfloat16" }, new RuntimeContext(CPU, ScalarType.BFloat16)));
        Assert.Null(ExperimentPlan.ReducedPrecisionWarning(new RuntimeOptions { DType = "auto" }, new RuntimeContext(new Device(DeviceType.CUDA, 0), ScalarType.BFloat16)));
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
