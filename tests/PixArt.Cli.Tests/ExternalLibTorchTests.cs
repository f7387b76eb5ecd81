using System.Diagnostics;

namespace PixArt.Cli.Tests;

/// <summary>
/// The external-libtorch path (PIXART_LIBTORCH), used with a CUDA PyTorch install on GPU machines, exercised here with the
/// packaged CPU libtorch folder in a separate process (libtorch loads once per process).
/// </summary>
public sealed class ExternalLibTorchTests
{
    private static (int Code, string Output) RunCli(string libTorch, params string[] args)
    {
        var info = PixArtCli.StartInfo(args);
        info.Environment["PIXART_LIBTORCH"] = libTorch;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "the CLI did not finish within 2 minutes");
        return (process.ExitCode, output.Result + error.Result);
    }

    [Fact]
    public void DoctorLoadsLibTorchFromAnExternalFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var (code, output) = RunCli(folder, "doctor");
        Assert.True(code == 0, output);
        Assert.Contains($"(external folder) at {folder}", output);
        Assert.Contains("check cpu      256x256 float32 matmul ok", output);
    }

    [Fact]
    public void AFolderWithoutLibTorchIsAClearError()
    {
        var (code, output) = RunCli(Path.GetTempPath(), "doctor", "--device", "cuda");
        Assert.NotEqual(0, code);
        Assert.Contains("has no libtorch_cpu.so; point PIXART_LIBTORCH at the 'lib' folder", output);
        Assert.DoesNotContain("   at ", output);
    }
}
