using System.Text.Json.Nodes;

namespace PixArt.Training.Tests;

/// <summary>The three-stage curriculum end to end through <c>pixart train</c>: both transitions, grids, exported models.</summary>
[Collection("training")]
public sealed class ThreeStageExperimentTests
{
    [Fact]
    public void Runs_through_both_transitions_and_exports_a_model_generate_loads()
    {
        var folder = TinyExperiment.TempFolder("three");
        var experiment = TinyExperiment.Write(folder, TinyExperiment.ThreeStages(steps: 3));
        var run = Path.Combine(folder, "run");

        var (code, output, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var metrics = TinyExperiment.Metrics(run);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), metrics.Keys);
        Assert.Equal(["pixel-dependency", "text-alignment", "high-res-aesthetic"], metrics.Values.Select(m => m["stage"]!.GetValue<string>()).Distinct());
        foreach (var m in metrics.Values)
        {
            foreach (var key in new[] { "loss", "mse", "vb", "grad_norm" }) Assert.True(double.IsFinite(m[key]!.GetValue<double>()) && m[key]!.GetValue<double>() > 0, $"{key} in {m}");
            Assert.True(m["images_per_second"]!.GetValue<double>() > 0);
            Assert.True(m["peak_memory_bytes"]!.GetValue<long>() > 0);
        }
        // Warm-up: the first step of each stage runs at rate 0, the next at the stage's rate.
        Assert.Equal(0, metrics[1]["lr"]!.GetValue<double>());
        Assert.Equal(1e-3, metrics[2]["lr"]!.GetValue<double>(), 12);

        foreach (var grid in new[] { "1-pixel-dependency-step00000003.png", "2-text-alignment-step00000003.png", "3-high-res-aesthetic-step00000003.png" })
        {
            var parameters = PixArt.Hosting.Images.PngImageWriter.ReadParameters(Path.Combine(run, "samples", grid)).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("float32", parameters[PixArt.Hosting.Generation.GenerationParameters.DTypeChunk]); // training's auto is float32 on every CPU
        }
        foreach (var model in new[] { Path.Combine(run, "stages", "1-pixel-dependency", "model"), Path.Combine(run, "stages", "2-text-alignment", "model"), Path.Combine(run, "model") })
            Assert.True(File.Exists(Path.Combine(model, "model_index.json")), model);
        var recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "experiment.json")))!;
        Assert.Equal(3, recorded["PixArt"]!["Training"]!["Stages"]!.AsArray().Count);
        Assert.Equal("high-res-aesthetic", output.Split('\n').Last(l => l.Contains("loss", StringComparison.Ordinal)).Split(' ')[0]);

        // The last stage's EMA weights load as a model folder on their own (32 px, micro-conditions, the trained null caption).
        var image = Path.Combine(folder, "generated.png");
        var generate = PixArtCli.Run("generate", "--model", Path.Combine(run, "model"), "--prompt", "grinning face, noto style", "--steps", "3", "--seed", "1", "--out", image);
        Assert.True(generate.ExitCode == 0, $"exit {generate.ExitCode}\n{generate.Out}\n{generate.Error}");
        Assert.Contains("32x32", generate.Out);
        Assert.True(File.Exists(image));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_run_folder_with_checkpoints_is_not_overwritten_without_resume()
    {
        var folder = TinyExperiment.TempFolder("again");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset(classes: true))]);
        var run = Path.Combine(folder, "run");
        Assert.Equal(0, PixArtCli.Run("train", "--experiment", experiment, "--output", run).ExitCode);
        var before = File.ReadAllText(Path.Combine(run, "metrics.jsonl"));

        var (code, _, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);

        Assert.Equal(2, code);
        Assert.Contains("--resume", error);
        Assert.Equal(before, File.ReadAllText(Path.Combine(run, "metrics.jsonl")));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Problems_of_every_stage_are_reported_before_any_step()
    {
        var folder = TinyExperiment.TempFolder("bad");
        var experiment = TinyExperiment.Write(folder,
        [
            TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset()), // the data set names no classes file
            TinyExperiment.Stage("text-alignment", 2, 15, TinyExperiment.Dataset()), // not a whole number of patches
            TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset(classes: true), s => s["CaptionClauseDropout"] = 0.5), // class labels have no clauses
        ]);
        var run = Path.Combine(folder, "run");

        var (code, _, error) = PixArtCli.Run("train", "--experiment", experiment, "--output", run);

        Assert.Equal(2, code);
        Assert.Contains("PixArt:Training:Stages:0", error);
        Assert.Contains("no classes", error);
        Assert.Contains("PixArt:Training:Stages:2:CaptionClauseDropout = '0.5': this stage trains on class labels", error);
        Assert.Contains("PixArt:Training:Stages:1", error);
        Assert.Contains("Resolution 15", error);
        Assert.False(File.Exists(Path.Combine(run, "metrics.jsonl")));
        Directory.Delete(folder, recursive: true);
    }
}
