using System.Runtime.InteropServices;

namespace PixArt.Training.Tests;

/// <summary>
/// Checkpoints and resume: a run killed with SIGKILL (mid-stage, then right after a stage transition) and resumed twice
/// computes exactly what an uninterrupted run computes; a corrupted newest checkpoint is reported and the previous one used.
/// </summary>
[Collection("training")]
public sealed class ResumeTests
{
    private static string TwoStages(string folder, int keep = 2) => TinyExperiment.Write(folder,
    [
        TinyExperiment.Stage("pixel-dependency", 6, 16, TinyExperiment.Dataset(classes: true)),
        TinyExperiment.Stage("text-alignment", 6, 16, TinyExperiment.Dataset()),
    ], t => t["KeepCheckpoints"] = keep);

    [Fact]
    public void Killed_twice_and_resumed_equals_an_uninterrupted_run_bit_for_bit()
    {
        var folder = TinyExperiment.TempFolder("resume");
        var experiment = TwoStages(folder);
        var uninterrupted = Path.Combine(folder, "uninterrupted");
        var killed = Path.Combine(folder, "killed");
        var reference = PixArtCli.Run("train", "--experiment", experiment, "--output", uninterrupted);
        Assert.True(reference.ExitCode == 0, reference.Error);

        // Killed after step 5 of stage 1 (its last checkpoint is step 4), then after step 1 of stage 2 (resumed from the stage-end checkpoint).
        KillAfter(["train", "--experiment", experiment, "--output", killed], killed, "pixel-dependency", 5);
        KillAfter(["train", "--experiment", experiment, "--output", killed, "--resume"], killed, "text-alignment", 1);
        var resumed = PixArtCli.Run("train", "--experiment", experiment, "--output", killed, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming from", resumed.Error);

        TinyExperiment.AssertSameTraining(uninterrupted, killed, ["loss", "mse", "vb", "grad_norm", "lr"]);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_corrupted_newest_checkpoint_is_reported_and_the_previous_one_used()
    {
        var folder = TinyExperiment.TempFolder("corrupt");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("pixel-dependency", 6, 16, TinyExperiment.Dataset(classes: true))],
            t => t["KeepCheckpoints"] = 3);
        var run = Path.Combine(folder, "run");
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", experiment, "--output", run).ExitCode);
        var expected = TinyExperiment.Metrics(run);
        var newest = Path.Combine(run, "checkpoints", "step-00000006", "ema.safetensors");
        var bytes = File.ReadAllBytes(newest);
        bytes[^10] ^= 0x40; // one flipped bit in the last tensor
        File.WriteAllBytes(newest, bytes);

        var (code, _, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run, "--resume");

        Assert.True(code == 0, error);
        Assert.Contains("step-00000006: ema.safetensors does not match its SHA-256", error);
        Assert.Contains($"resuming from {Path.Combine(run, "checkpoints", "step-00000004")}", error);
        var again = TinyExperiment.Metrics(run);
        foreach (var step in new long[] { 5, 6 })
            Assert.Equal(expected[step]["loss"]!.GetValue<double>(), again[step]["loss"]!.GetValue<double>());
        Directory.Delete(folder, recursive: true);
    }

#pragma warning disable SYSLIB1054 // a plain P/Invoke of kill(2) needs no marshalling code generation
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private const int SigKill = 9;

    // Starts pixart, waits until its metrics show the step, kills it with SIGKILL (no chance to checkpoint) and waits for it to end.
    private static void KillAfter(string[] args, string runFolder, string stage, int step)
    {
        using var process = PixArtCli.Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var metrics = Path.Combine(runFolder, "metrics.jsonl");
        var marker = $"\"stage\":\"{stage}\",\"step\":{step},";
        while (!process.HasExited && !(File.Exists(metrics) && File.ReadAllLines(metrics).Any(l => l.Contains(marker, StringComparison.Ordinal))))
            Thread.Sleep(10);
        var killed = Kill(process.Id, SigKill) == 0;
        Assert.True(process.WaitForExit(60_000));
        Assert.True(killed && process.ExitCode == 137, $"not killed after {stage} step {step} (exit {process.ExitCode}):\n{output.Result}\n{error.Result}");
    }
}
