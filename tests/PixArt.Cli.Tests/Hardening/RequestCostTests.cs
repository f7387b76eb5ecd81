using System.Diagnostics;
using System.Runtime.InteropServices;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Generation;

namespace PixArt.Cli.Tests.Hardening;

/// <summary>
/// Issue 9, item 5: what a request costs is known before work (memory refused, duration announced), long steps show a
/// heartbeat, bench is sized for the device and stops on Ctrl+C. (Sampler step rules: SamplerConformanceTests; sizes and
/// counts refused: the battery.)
/// </summary>
[Collection("cli")]
public sealed class RequestCostTests
{
#pragma warning disable SYSLIB1054 // a plain P/Invoke of kill(2) needs no marshalling code generation
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [Fact]
    public void ALongRequestIsAnnouncedWithItsEstimate()
    {
        var slow = new RequestEstimate(1L << 30, 2L << 30, FlopsPerStep: 1e12, Steps: 20, Tokens: 262_144, Rate: () => 1e10);
        Assert.Equal("this request is estimated at about 33 min (20 steps of about 2 min, 262,144 tokens per image, peak memory about 2.0 GiB)",
            slow.Describe(TimeSpan.FromSeconds(30)));
        var measured = false;
        var small = new RequestEstimate(1 << 20, 1 << 20, FlopsPerStep: 1e9, Steps: 20, Tokens: 256, Rate: () => { measured = true; return 1e10; });
        Assert.Null(small.Describe(TimeSpan.FromSeconds(30)));
        Assert.False(measured, "a small request must not pay for measuring the device");
    }

    [Fact]
    public void ALongStepShowsAHeartbeat()
    {
        var (previous, writer) = (Console.Error, new StringWriter());
        Console.SetError(writer);
        try
        {
            using var progress = new ConsoleProgress(TimeSpan.FromMilliseconds(50));
            progress.Report(new ProgressUpdate("denoise", 0, 20));
            Thread.Sleep(400);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("denoise step 1/20: still running", writer.ToString());
    }

    [Fact]
    public void BenchIsCpuSizedOnTheCpu()
    {
        var (code, output, error) = PixArtCli.Run("bench", "generate", "--steps", "2");
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Contains("device=cpu", output);
        Assert.Contains("n=3", output); // 1 warm-up and 3 timed runs on the CPU (5 and 20 on CUDA)
        // The machine's GEMM speed in the bench's dtype, next to the machine, so reports from two machines compare.
        Assert.Matches(@"  GEMM probe: 1024x1024 (float32|bfloat16) matmul [0-9]+ GFLOP/s", output);
    }

    [Fact]
    public async Task CtrlCStopsABenchBetweenRuns()
    {
        using var process = PixArtCli.Start("bench", "generate", "--steps", "50", "--iterations", "1000");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Task.Delay(TimeSpan.FromSeconds(8)); // libtorch, plugins, the model, the first runs
        if (process.HasExited) Assert.Fail($"bench ended early: {process.ExitCode}\n{await stderr}");
        Assert.Equal(0, Kill(process.Id, 2)); // SIGINT, as Ctrl+C sends
        Assert.True(process.WaitForExit(60_000), "bench did not stop within a minute of Ctrl+C");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.DoesNotContain("RESULT", await stdout);
    }
}
