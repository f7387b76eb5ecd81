using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PixArt.Cli.Tests;

/// <summary>A termination signal during generation stops between steps, exits 130 and writes no file (separate process).</summary>
public sealed class CancellationTests
{
#pragma warning disable SYSLIB1054 // a plain P/Invoke of kill(2) needs no marshalling code generation
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private const int SigTerm = 15;

    [Fact]
    public async Task SignalDuringDenoisingStopsAndWritesNothing()
    {
        var output = Path.Combine(Path.GetTempPath(), $"pixart-cancel-{Guid.NewGuid():N}.png");
        using var process = PixArtCli.Start("generate", "--prompt", "a slow one", "--sampler", "ddim",
            "--steps", "1000", "--width", "1024", "--height", "1024", "--out", output);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            stderr.AppendLine(line);
            if (line.StartsWith("denoise ", StringComparison.Ordinal)) break;
        }
        Assert.True(line is not null, $"generation never reached the denoising loop:\n{stderr}");
        Assert.Equal(0, Kill(process.Id, SigTerm));
        stderr.Append(process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(60_000), "the CLI did not stop within a minute of the signal");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{await stdout}\n{stderr}");
        Assert.Contains("cancelled: nothing was written", stderr.ToString());
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }
}
