namespace PixArt.Training.Tests;

/// <summary><c>PixArt:Training:StartFrom</c>: a run's first stage starting from another run's trained model, and the refusals before any step.</summary>
[Collection("training")]
public sealed class StartFromTests
{
    [Fact]
    public void The_first_stage_starts_from_the_named_model_and_mismatches_are_refused_before_any_step()
    {
        var folder = TinyExperiment.TempFolder("start-from");
        var source = Path.Combine(folder, "source");
        var trained = PixArtCli.Run("train", "--experiment", TinyExperiment.Write(folder, [TinyExperiment.Stage("text-alignment", 3, 16, TinyExperiment.Dataset())]),
            "--output", source);
        Assert.True(trained.ExitCode == 0, trained.Error);

        // One step, which the warm-up runs at rate 0: the fine-tuned run's weights and EMA stay at their start, so its export
        // equals the source's weights, byte for byte.
        var fineTune = Path.Combine(folder, "fine-tune");
        Directory.CreateDirectory(fineTune);
        var experiment = TinyExperiment.Write(fineTune, [TinyExperiment.Stage("text-alignment", 1, 16, TinyExperiment.Dataset())],
            t => t["StartFrom"] = "../source/model");
        var run = Path.Combine(fineTune, "run");
        var (code, output, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var file = Directory.GetFiles(Path.Combine(source, "model", "transformer"), "*.safetensors").Single();
        Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(run, "model", "transformer", Path.GetFileName(file)))),
            "the fine-tuned run's export differs from the weights it started from");
        // From scratch (no StartFrom) the same run exports other weights: the check above can fail.
        var scratch = Path.Combine(fineTune, "scratch");
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", experiment, "--output", scratch, "--set", "PixArt:Training:StartFrom=").ExitCode);
        Assert.False(File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(scratch, "model", "transformer", Path.GetFileName(file)))));

        // Another model's dimensions, or nothing at the path: refused with the key, before any step.
        var wider = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(fineTune, "wider"), "--set", "PixArt:Denoiser:HiddenSize=64");
        Assert.Equal(2, wider.ExitCode);
        Assert.Contains("PixArt:Training:StartFrom", wider.Error);
        Assert.Contains("hidden size 64", wider.Error); // the denoiser plugin names the shapes that differ
        Assert.Contains("is [48, 3, 2, 2], expected [64, 3, 2, 2]", wider.Error);
        var missing = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(fineTune, "missing"), "--set", "PixArt:Training:StartFrom=../nowhere");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("PixArt:Training:StartFrom", missing.Error);
        Assert.Contains("does not exist", missing.Error);
        Assert.False(Directory.Exists(Path.Combine(fineTune, "wider", "checkpoints")));
        Directory.Delete(folder, recursive: true);
    }
}
