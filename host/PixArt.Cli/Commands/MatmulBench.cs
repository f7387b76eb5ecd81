using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Cli.Parsing;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart bench matmul</c>: the machine's GEMM speed through this libtorch (an N×N by N×N matmul in the configured
/// dtype and device), in GFLOP/s. What a comparison with another framework on the same CPU needs first: the transformer's
/// time is mostly GEMM, so a different BLAS explains a different forward time (docs/performance.md).
/// </summary>
internal static class MatmulBench
{
    public static Command Create()
    {
        var size = CliValues.Int("--size", "Matrix side N, 64 to 16384. [default: 2048]", 2048);
        var warmup = CliValues.Int("--warmup", "Untimed runs first, 0 to 1000. [default: 3]", 3);
        var iterations = CliValues.Int("--iterations", "Timed runs (the median is reported), 1 to 10000. [default: 10]", 10);
        var command = new Command("matmul", "Time an N x N matmul in the configured dtype (--dtype) and device: the GEMM speed in GFLOP/s that forward times follow.");
        foreach (var o in new Option[] { size, warmup, BenchCommand.Steady, iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var n = result.GetValue(size) ?? 2048;
            var (runs, timed) = (result.GetValue(warmup) ?? 3, result.GetValue(iterations) ?? 10);
            BenchCommand.Check(n, "--size", 64, 16384);
            BenchCommand.Check(runs, "--warmup", 0, 1000);
            BenchCommand.Check(timed, "--iterations", 1, 10000);
            using var signals = new SignalCancellation();
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result));
            using var host = CliHost.Build(configuration, baseDirectory, Array.Empty<ComponentSlot>(), AutoDTypePolicy.Generation);
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            using var inference = inference_mode();
            using var a = randn(new long[] { n, n }, runtime.DType, runtime.Device);
            using var b = randn(new long[] { n, n }, runtime.DType, runtime.Device);
            var timer = new BenchTimer(runtime.Device);
            var warmups = new WarmupRuns(runs, result.GetValue(BenchCommand.Steady));
            var samples = timer.Measure(warmups, timed, () => a.matmul(b), signals.Token);
            var median = BenchTimer.Median(samples);
            var gflops = BenchTimer.MatmulGflops(n, median);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT matmul size={n} device={runtime.Device} dtype={RuntimeOptions.DTypeName(runtime.DType)} {BenchTimer.Summary(samples)} gflops_median={gflops:F1}"));
            Console.WriteLine($"  {warmups.Summary}");
            foreach (var line in timer.Footer(probeDType: null)) Console.WriteLine($"  {line}");
            return CliErrors.Ok;
        }));
        return command;
    }
}
