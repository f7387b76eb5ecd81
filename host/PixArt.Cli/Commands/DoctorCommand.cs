using PixArt.Nn.Runtime;
using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Startup;
using Microsoft.Extensions.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart doctor</c>: versions, libtorch, devices, a compute check, plugins and the configuration check.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check the installation: .NET, TorchSharp and libtorch (versions, locations, the libstdc++ fix), devices with memory, a matmul on each usable device, every plugin with its components, and the configuration. Exits non-zero when something is wrong.");
        command.SetAction(result => CliErrors.Run(() => Execute(result)));
        return command;
    }

    private static int Execute(ParseResult result)
    {
        var problems = 0;
        var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result));
        // Bound leniently here to find libtorch and the plugins; the configuration check below reports their problems.
        var runtimeOptions = (RuntimeOptions)OptionsBinder.Bind(typeof(RuntimeOptions), configuration.GetSection(RuntimeOptions.SectionPath), new List<ConfigProblem>());
        var pluginOptions = (PluginOptions)OptionsBinder.Bind(typeof(PluginOptions), configuration.GetSection(PluginOptions.SectionPath), new List<ConfigProblem>());

        Console.WriteLine($"PixArt.Framework {typeof(DoctorCommand).Assembly.GetName().Version?.ToString(3)}");
        Row(".NET", $"{RuntimeInformation.FrameworkDescription} at {RuntimeEnvironment()}");
        Row("TorchSharp", $"{typeof(torch).Assembly.GetName().Version?.ToString(3)} at {typeof(torch).Assembly.Location}");

        var wantsCuda = runtimeOptions.Device != "cpu";
        LibTorchStatus? status = null;
        try
        {
            status = LibTorchRuntime.EnsureInitialized(runtimeOptions.LibTorchPath, wantsCuda);
            Row("libtorch", $"{status.LibTorchVersion} ({(status.Source == "packaged" ? "packaged CPU build" : "external folder")}) at {status.LibTorchDirectory}");
            Row("libstdc++", status.SystemLibStdCxx is null ? "not found" :
                status.CompatPatchApplied
                    ? $"{status.SystemLibStdCxx} lacks {LibTorchRuntime.RequiredGlibcxx}: compatibility copy of the bridge in use ({status.BridgePath})"
                    : $"{status.SystemLibStdCxx}: no fix needed (bridge {status.BridgePath})");
        }
        catch (LibTorchException e)
        {
            Row("libtorch", "FAILED: " + e.Message);
            problems++;
        }

        Row("device cpu", $"{Environment.ProcessorCount} cores, {FormatBytes(TotalMemory())} memory");
        if (status is not null)
        {
            if (status.CudaAvailable)
                for (var i = 0; i < status.CudaDeviceCount; i++) Row($"device cuda:{i}", NvidiaSmi(i) ?? "available");
            else
            {
                Row("device cuda", wantsCuda ? "not available" : "not checked (use --device cuda)");
                if (wantsCuda && runtimeOptions.Device != "auto") problems++;
            }
            problems += Check("cpu", CPU);
            var cpu = CpuDescription.Current();
            problems += CheckBfloat16(cpu);
            Row("dtype", runtimeOptions.DType == RuntimeOptions.AutoDType ? AutoDTypePolicy.DescribeCpu(cpu) : $"{runtimeOptions.DType} (PixArt:Runtime:DType)");
            for (var i = 0; status.CudaAvailable && i < status.CudaDeviceCount; i++) problems += Check($"cuda:{i}", new Device(DeviceType.CUDA, i));
        }

        var folders = pluginOptions.Folders(baseDirectory);
        var catalog = PluginCatalog.Load(folders, configuration);
        Console.WriteLine();
        Console.WriteLine($"Plugins: {catalog.Plugins.Count} loaded from {string.Join(", ", folders)}");
        foreach (var plugin in catalog.Plugins.OrderBy(p => p.Manifest.Id, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {plugin.Manifest.Id} {plugin.Manifest.Version} ({plugin.AssemblyPath})");
            foreach (var c in plugin.Components)
                Console.WriteLine($"    {ComponentKinds.DisplayName(c.Kind),-22} {c.TypeId,-20} {c.Description}");
            if (plugin.Components.Count == 0) Console.WriteLine("    (registers no components yet)");
        }
        foreach (var p in catalog.Problems)
        {
            Console.WriteLine($"  PROBLEM {p}");
            problems++;
        }

        var configProblems = ConfigurationProblems(configuration, catalog, baseDirectory, runtimeUsable: status is not null);
        Console.WriteLine();
        Console.WriteLine(configProblems.Count == 0 ? "Configuration: ok" : $"Configuration: {configProblems.Count} problem(s)");
        foreach (var p in configProblems) Console.WriteLine($"  {p}");
        problems += configProblems.Count;

        Console.WriteLine();
        Console.WriteLine(problems == 0 ? "Result: ok" : $"Result: {problems} problem(s)");
        return problems == 0 ? CliErrors.Ok : CliErrors.Failure;
    }

    // The start-up checks of every command, without starting anything: the configuration, then (libtorch loaded) the
    // configured components against each other.
    private static List<ConfigProblem> ConfigurationProblems(IConfiguration configuration, PluginCatalog catalog, string baseDirectory, bool runtimeUsable)
    {
        var services = new ServiceCollection().AddPixArt(configuration, catalog, baseDirectory, PipelineSlots.All);
        using var provider = services.BuildServiceProvider();
        var validation = provider.GetRequiredService<StartupValidation>();
        var problems = validation.ConfigurationProblems().ToList();
        if (problems.Count > 0 || !runtimeUsable) return problems;
        try
        {
            validation.DescribeModel();
        }
        catch (ConfigurationException e)
        {
            problems.AddRange(e.Problems);
        }
        catch (LibTorchException e)
        {
            problems.Add(new ConfigProblem(RuntimeOptions.SectionPath, null, e.Message));
        }
        return problems;
    }

    private static int Check(string name, Device device)
    {
        try
        {
            using var scope = NewDisposeScope();
            var a = ones(256, 256, device: device);
            var warm = a.matmul(a);
            _ = warm.sum().item<float>();
            var watch = Stopwatch.StartNew();
            var value = a.matmul(a).sum().item<float>();
            watch.Stop();
            var expected = 256f * 256f * 256f;
            if (Math.Abs(value - expected) > 1e-3 * expected)
            {
                Row($"check {name}", $"FAILED: 256x256 matmul sum {value}, expected {expected}");
                return 1;
            }
            Row($"check {name}", $"256x256 float32 matmul ok ({watch.Elapsed.TotalMilliseconds:F2} ms)");
            return 0;
        }
        catch (Exception e)
        {
            Row($"check {name}", "FAILED: " + e.GetBaseException().Message);
            return 1;
        }
    }

    // Where auto picks bfloat16 on this CPU, a random bf16 matmul must agree with float32 math on the same bf16 inputs. In
    // bf16 no convolution runs: the transformer's patch embedding is one addmm, and the VAE's convolutions compute in
    // float32 because oneDNN's bf16 convolution is defective on some AMD CPUs (docs/numerics.md). The heavy bf16 work is
    // GEMMs, and a defective bf16 GEMM kernel of the same kind would otherwise go unnoticed.
    private static int CheckBfloat16(CpuDescription cpu)
    {
        if (!cpu.NativeBfloat16) return 0;
        try
        {
            using var scope = NewDisposeScope();
            var generator = new Generator(0);
            var a = randn(new long[] { 256, 256 }, generator: generator).to(ScalarType.BFloat16);
            var b = randn(new long[] { 256, 256 }, generator: generator).to(ScalarType.BFloat16);
            var exact = a.to(ScalarType.Float32).matmul(b.to(ScalarType.Float32));
            var error = (a.matmul(b).to(ScalarType.Float32) - exact).norm().item<float>() / exact.norm().item<float>();
            // bf16 output rounding alone gives about 1e-3; accumulation in bf16 instead of float32 gives several times more.
            if (!(error <= Bfloat16MatmulTolerance))
            {
                Row("check cpu bf16", $"FAILED: 256x256 bfloat16 matmul is {error:E1} (relative) from float32, allowed {Bfloat16MatmulTolerance:E0}: use PixArt:Runtime:DType=float32");
                return 1;
            }
            Row("check cpu bf16", $"256x256 bfloat16 matmul ok ({error:E1} relative to float32)");
            return 0;
        }
        catch (Exception e)
        {
            Row("check cpu bf16", "FAILED: " + e.GetBaseException().Message);
            return 1;
        }
    }

    private const float Bfloat16MatmulTolerance = 1e-2f;

    private static void Row(string name, string value) => Console.WriteLine($"  {name,-14} {value}");

    private static string RuntimeEnvironment() => Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "?";

    private static long TotalMemory()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string FormatBytes(long bytes) => $"{bytes / (1024.0 * 1024 * 1024):F1} GiB";

    private static string? NvidiaSmi(int index)
    {
        try
        {
            var info = new ProcessStartInfo("nvidia-smi", $"--query-gpu=name,memory.total,memory.used --format=csv,noheader -i {index}")
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
