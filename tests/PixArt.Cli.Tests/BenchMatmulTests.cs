using System.Text.RegularExpressions;
using PixArt.Cli.Commands;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Tests;

/// <summary>
/// <c>pixart bench matmul</c> reports the GEMM speed with what a comparison needs (dtype, device, the machine's CPU and
/// libtorch's thread count). Not a timed test: it checks what is reported, not how fast.
/// </summary>
[Collection("cli")]
public sealed class BenchMatmulTests
{
    [Fact]
    public void Reports_gflops_dtype_and_the_machine()
    {
        var (code, output, error) = PixArtCli.Run("bench", "matmul", "--size", "64", "--warmup", "0", "--iterations", "2", "--set", "PixArt:Runtime:Threads=1");

        Assert.True(code == 0, $"{output}\n{error}");
        // bench is generation work: auto is bfloat16 where this CPU has native bf16, float32 elsewhere.
        var dtype = AutoDTypePolicy.Generation.Resolve(TorchSharp.torch.CPU, CpuDescription.Current());
        Assert.Matches(new Regex($@"^RESULT matmul size=64 device=cpu dtype={RuntimeOptions.DTypeName(dtype)} median=[0-9.]+ ms min=[0-9.]+ ms max=[0-9.]+ ms n=2 gflops_median=[0-9.]+$", RegexOptions.Multiline), output);
        Assert.Contains("; 1 libtorch thread", output);
        Assert.Contains("machine: ", output);
        Assert.Contains("  warm-up: 0 runs", output);
        Assert.Contains("  peak process memory ", output);
    }

    [Fact]
    public void Steady_warms_up_until_the_runs_agree_and_says_how_many_it_took()
    {
        var (code, output, error) = PixArtCli.Run("bench", "matmul", "--size", "64", "--warmup", "2", "--steady", "--iterations", "2", "--set", "PixArt:Runtime:Threads=1");

        Assert.True(code == 0, $"{output}\n{error}");
        // Steady after some runs, or not within the maximum: either way the line says which, never silently.
        Assert.Matches(new Regex(@"^  warm-up: [0-9]+ runs, (steady \(the last 3 within [0-9.]+ %\)|NOT steady .*)$", RegexOptions.Multiline), output);
        var runs = int.Parse(Regex.Match(output, @"warm-up: ([0-9]+) runs").Groups[1].Value);
        Assert.InRange(runs, 3, 2 + WarmupRuns.MaxRuns);
    }
}
