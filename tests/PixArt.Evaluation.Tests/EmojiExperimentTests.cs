using System.Text.Json.Nodes;

namespace PixArt.Evaluation.Tests;

/// <summary>
/// The committed emoji experiment (<c>experiments/emoji-3stage.json</c>) shrunk to run in seconds — its three stages,
/// transitions, MiniLM captions and stage-3 aesthetic subset kept; a narrower, shallower transformer, half the resolutions,
/// two steps a stage, the emoji-mini fixture for the data — then <c>pixart eval</c> on the model it exports.
/// </summary>
[Collection("cli")]
public sealed class EmojiExperimentTests(TinyEmojiRun fixture) : IClassFixture<TinyEmojiRun>
{
    private static string Experiment => Path.Combine(AppContext.BaseDirectory, "experiments", "emoji-3stage.json");

    [Fact]
    public void The_emoji_experiment_shrunk_trains_its_three_stages_and_evaluates()
    {
        var folder = Path.Combine(fixture.Root, $"emoji-3stage-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var experiment = Shrink(JsonNode.Parse(File.ReadAllText(Experiment))!.AsObject(), fixture.Data);
        var file = Path.Combine(folder, "experiment.json");
        File.WriteAllText(file, experiment.ToJsonString());
        var run = Path.Combine(folder, "run");

        var train = PixArtCli.Run("train", "--experiment", file, "--output", run);

        Assert.True(train.ExitCode == 0, $"exit {train.ExitCode}\n{train.Out}\n{train.Error}");
        var stages = File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Select(l => (string?)JsonNode.Parse(l)!["stage"]).Distinct();
        Assert.Equal(["pixel-dependency", "text-alignment", "high-res-aesthetic"], stages);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "model", "model_index.json")))!;
        Assert.Contains("minilm", index.ToJsonString());

        var output = Path.Combine(folder, "eval");
        var eval = PixArtCli.Run("eval", "--model", Path.Combine(run, "model"), "--data", fixture.Data, "--out", output,
            "--size", "32", "--steps", "2", "--seeds", "1", "--set", "PixArt:Runtime:Threads=1");

        Assert.True(eval.ExitCode == 0, $"exit {eval.ExitCode}\n{eval.Out}\n{eval.Error}");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "eval.json")))!;
        Assert.Equal(17, (int)report["generated"]!["images"]!);
        var top1 = (double)report["generated"]!["alignment"]!["top1"]!;
        Assert.InRange(top1, 0, 1);
        Assert.True((double)report["generated"]!["frechet_distance"]! is > 0 and < double.PositiveInfinity);
        Assert.True(File.Exists(Path.Combine(output, "grid.png")));

        // The class-conditional stage-1 model is asked for each prompt's class (per-stage numbers of the ablation).
        var stage1 = Path.Combine(folder, "eval-stage1");
        eval = PixArtCli.Run("eval", "--model", Path.Combine(run, "stages", "1-pixel-dependency", "model"), "--data", fixture.Data, "--out", stage1,
            "--size", "16", "--steps", "2", "--seeds", "1", "--set", "PixArt:Runtime:Threads=1");
        Assert.True(eval.ExitCode == 0, $"exit {eval.ExitCode}\n{eval.Out}\n{eval.Error}");
        report = JsonNode.Parse(File.ReadAllText(Path.Combine(stage1, "eval.json")))!;
        Assert.Equal(17, (int)report["generated"]!["images"]!);
    }

    // Everything that sizes the run shrinks; everything that says what is trained (stage kinds, conditioning, encoder,
    // codec, transitions, the aesthetic filter) stays as committed.
    private static JsonObject Shrink(JsonObject experiment, string data)
    {
        var pixart = experiment["PixArt"]!.AsObject();
        pixart["Runtime"] = new JsonObject { ["Device"] = "cpu", ["DType"] = "float32", ["Threads"] = 1 };
        var denoiser = pixart["Denoiser"]!.AsObject();
        (denoiser["HiddenSize"], denoiser["Depth"], denoiser["Heads"]) = (48, 2, 2);
        var training = pixart["Training"]!.AsObject();
        (training["LogEvery"], training["CheckpointEvery"], training["SampleEvery"]) = (1, 100, 0);
        training["Samples"]!["Steps"] = 2;
        training["Samples"]!["Seeds"] = new JsonArray(0);
        foreach (var stage in training["Stages"]!.AsArray().Select(s => s!.AsObject()))
        {
            (stage["Steps"], stage["BatchSize"], stage["WarmupSteps"]) = (2, 4, 1);
            stage["Resolution"] = (int)stage["Resolution"]! / 2;
            stage["Dataset"]!["Path"] = data;
        }
        return experiment;
    }
}
