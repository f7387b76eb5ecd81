using System.Text.Json.Nodes;
using SixLabors.ImageSharp;

namespace PixArt.Training.Tests;

/// <summary>
/// What a short run from scratch must already show: the exported EMA model predicts its training images' noise far better
/// than its zero-initialised start, and the sample grid has one column per configured seed.
/// </summary>
[Collection("training")]
public sealed class TrainedModelQualityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void The_exported_EMA_model_of_a_short_run_denoises_its_training_images()
    {
        var folder = TinyExperiment.TempFolder("quality");
        // The official EMA decay (0.9999): without the warm-up the 40-step average would still be 99.6 % the zeroed start.
        var stage = TinyExperiment.Stage("text-alignment", 40, 16, TinyExperiment.Dataset(), s => s.Remove("EmaDecay"));
        var experiment = TinyExperiment.Write(folder, [stage], training => training["Samples"]!["Seeds"] = new JsonArray(5, 6, 7));
        var run = Path.Combine(folder, "run");

        var (code, stdout, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{error}");

        using (var probe = new ModelProbe(Path.Combine(run, "model")))
        {
            var mse = probe.EpsilonError(TinyExperiment.EmojiMini, count: 4, side: 16, timesteps: [300, 500, 700]);
            output.WriteLine($"EMA model ε-MSE at t = 300, 500, 700 on 4 training images: {mse:F4} (a zeroed final layer: 1)");
            Assert.InRange(mse, 0, 0.5);
        }
        // Condition dropout trained the null caption: the export carries it and generation guides with it.
        var png = Path.Combine(folder, "guided.png");
        var generated = PixArtCli.Run("generate", "--model", Path.Combine(run, "model"), "-p", "grinning face", "--steps", "2", "--out", png);
        Assert.True(generated.ExitCode == 0, generated.Error);
        Assert.Contains(PixArt.Hosting.Images.PngImageWriter.ReadParameters(png), p => p is { Key: "unconditional", Value: "learned-null" });
        // Three seeds give three columns of 96 px (16 px cells enlarged ×6), not the default four plus three.
        var grid = Image.Identify(Path.Combine(run, "samples", "1-text-alignment-step00000040.png"));
        Assert.Equal(3 * 96, grid.Width);
        Directory.Delete(folder, recursive: true);
    }
}
