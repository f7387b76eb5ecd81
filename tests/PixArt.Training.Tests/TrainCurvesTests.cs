using SixLabors.ImageSharp;

namespace PixArt.Training.Tests;

/// <summary><c>pixart train curves</c>: run folders' metrics drawn into one PNG; every bad input named before drawing.</summary>
[Collection("training")]
public sealed class TrainCurvesTests
{
    [Fact]
    public void Draws_the_runs_into_one_png_and_names_every_bad_input()
    {
        var folder = TinyExperiment.TempFolder("curves");
        var stages = TinyExperiment.ThreeStages(steps: 2).Take(2);
        var run = Path.Combine(folder, "run");
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", TinyExperiment.Write(folder, stages), "--output", run).ExitCode);
        var png = Path.Combine(folder, "curves.png");

        var (code, output, error) = PixArtCli.Run("train", "curves", run, run, "--out", png, "--metric", "mse");

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var image = Image.Identify(png);
        Assert.Equal((1000, 560), (image.Width, image.Height));
        var before = File.ReadAllBytes(png);

        (code, _, error) = PixArtCli.Run("train", "curves", run, Path.Combine(folder, "nothing"), "--out", png, "--metric", "accuracy", "--smooth", "0");

        Assert.Equal(2, code);
        Assert.Contains($"--out = '{png}': exists; pass --overwrite to replace it", error);
        Assert.Contains("--metric = 'accuracy': allowed: loss, mse, vb, grad_norm, lr", error);
        Assert.Contains("--smooth = '0': must be between 1 and 1000", error);
        Assert.Contains($"{Path.Combine(folder, "nothing", "metrics.jsonl")}: not found", error);
        Assert.Equal(before, File.ReadAllBytes(png));
        Directory.Delete(folder, recursive: true);
    }
}
