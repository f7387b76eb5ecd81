using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using PixArt.Hosting.Evaluation;
using SixLabors.ImageSharp;

namespace PixArt.Evaluation.Tests;

/// <summary><c>pixart eval</c> and <c>pixart eval train-classifier</c> end to end on the fixture and a tiny trained model.</summary>
[Collection("cli")]
public sealed class EvalCommandTests(TinyEmojiRun run) : IClassFixture<TinyEmojiRun>
{
    private static readonly string[] Fast = ["--size", "16", "--steps", "4", "--seeds", "2", "--set", "PixArt:Runtime:Threads=1"];

    private string Output() => Path.Combine(run.Root, $"eval-{Guid.NewGuid():N}");

    [Fact]
    public void WritesEveryNumberTheGridAndTheTable()
    {
        var output = Output();
        var (code, stdout, stderr) = PixArtCli.Run(["eval", "--model", run.Model, "--data", run.Data, "--out", output, .. Fast]);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "eval.json")))!.AsObject();
        var manifest = ClassifierStore.ReadManifest(ClassifierStore.FolderOf(run.Data));

        Assert.Equal("pixart-eval", (string?)report["format"]);
        Assert.Equal(run.Model, (string?)report["model"]);
        Assert.Equal(run.Data, (string?)report["data"]);
        Assert.Equal(DatasetFingerprint.Of(run.Data), (string?)report["classifier"]!["captions_sha256"]);
        Assert.Equal([0L, 1], report["generation"]!["seeds"]!.AsArray().Select(s => (long)s!));
        Assert.Equal(4, (int)report["generation"]!["steps"]!);
        Assert.Equal(4.5, (double)report["generation"]!["guidance_scale"]!);
        Assert.Equal(16, (int)report["generation"]!["size"]!);
        Assert.Equal("float32", (string?)report["generation"]!["dtype"]); // eval's auto is float32 on every CPU
        // The fixture: 5 classes, so 5 training prompts, and all 12 held-out images (under the cap of 98).
        Assert.Equal(17, (int)report["prompts"]!["total"]!);
        Assert.Equal(5, (int)report["prompts"]!["train"]!);
        Assert.Equal(12, (int)report["prompts"]!["held_out"]!);
        Assert.Equal(0.2, (double)report["chance"]!["top1"]!, 12);
        Assert.Equal(1.0, (double)report["chance"]!["top5"]!, 12);

        var generated = report["generated"]!;
        Assert.Equal(34, (int)generated["images"]!);
        Assert.Equal(34, (int)generated["alignment"]!["count"]!);
        Assert.Equal(10, (int)generated["train_prompts"]!["count"]!);
        Assert.Equal(24, (int)generated["held_out_prompts"]!["count"]!);
        Assert.True((double)generated["frechet_distance"]! is > 0 and < double.PositiveInfinity);
        // The alignment is what the per-prompt predictions say.
        var perPrompt = report["per_prompt"]!.AsArray();
        Assert.Equal(17, perPrompt.Count);
        var hits = perPrompt.Sum(p => p!["predicted"]!.AsArray().Count(c => (int)c! == (int)p["class"]!));
        Assert.Equal(hits / 34.0, (double)generated["alignment"]!["top1"]!, 12);
        Assert.All(perPrompt.Take(5), p => Assert.False((bool)p!["held_out"]!));
        Assert.All(perPrompt.Skip(5), p => Assert.True((bool)p!["held_out"]!));

        // The ceiling: the real held-out images, scored as when the classifier was trained.
        var real = report["real_held_out"]!;
        Assert.Equal(12, (int)real["images"]!);
        Assert.Equal(manifest.HeldOutAccuracy.Top1, (double)real["alignment"]!["top1"]!, 9);
        Assert.Equal(manifest.HeldOutAccuracy.Top5, (double)real["alignment"]!["top5"]!, 9);
        Assert.True((double)real["frechet_distance"]! > 0);
        Assert.Equal(24, (int)report["real_train_images"]!);
        Assert.True((double)report["timing"]!["total_seconds"]! > 0);
        Assert.True((double)report["timing"]!["images_per_second"]! > 0);

        // 12 rows (5 training prompts, 7 held-out ones) of 2 seeds; 16 px cells enlarged 6× to 96.
        var grid = Image.Identify(Path.Combine(output, "grid.png"));
        Assert.Equal(2 * 96, grid.Width);
        Assert.Equal(12 * (PixArt.Hosting.Images.LabelledGrid.BandHeight + 96), grid.Height);
        Assert.Equal(["eval.json", "grid.png"], Directory.GetFiles(output).Select(Path.GetFileName).Order());

        Assert.Contains("real held-out (ceiling)", stdout);
        Assert.Contains("chance (5 classes)", stdout);
        Assert.Contains("generate 17/17 prompts", stderr);
    }

    [Fact]
    public void AMissingClassifierNamesTheCommandThatTrainsIt()
    {
        var data = EmojiMini.Copy();
        var output = Output();
        var (code, _, stderr) = PixArtCli.Run(["eval", "--model", run.Model, "--data", data, "--out", output, .. Fast]);
        Assert.Equal(2, code);
        Assert.Contains("--data", stderr);
        Assert.Contains($"no classifier in {Path.Combine(data, "classifier")}; train it once with: pixart eval train-classifier --data {data}", stderr);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void AClassifierOfAnotherDataSetIsRefused()
    {
        var data = EmojiMini.Copy();
        CopyFolder(ClassifierStore.FolderOf(run.Data), ClassifierStore.FolderOf(data));
        File.AppendAllText(Path.Combine(data, "captions.jsonl"), "\n");
        var (code, _, stderr) = PixArtCli.Run(["eval", "--model", run.Model, "--data", data, "--out", Output(), .. Fast]);
        Assert.Equal(2, code);
        Assert.Contains("was trained on another data set", stderr);
        Assert.Contains($"pixart eval train-classifier --data {data} --overwrite", stderr);
    }

    [Fact]
    public void MissingFoldersAndBadFlagsAreReportedTogetherBeforeAnyWork()
    {
        var missing = Path.Combine(run.Root, "no-such-model");
        var (code, _, stderr) = PixArtCli.Run("eval", "--model", missing, "--data", Path.Combine(run.Root, "no-such-data"), "--seeds", "0", "--held-out", "-1");
        Assert.Equal(2, code);
        Assert.Contains("--model", stderr);
        Assert.Contains("model folder not found", stderr);
        Assert.Contains("data set folder not found", stderr);
        Assert.Contains("--seeds = '0': must be between 1 and 64", stderr);
        Assert.Contains("--held-out", stderr);

        (code, _, stderr) = PixArtCli.Run("eval", "--data", run.Data);
        Assert.Equal(2, code);
        Assert.Contains("--model: required", stderr);

        // A size the model cannot generate is the planner's finding, reported under the flag.
        (code, _, stderr) = PixArtCli.Run(["eval", "--model", run.Model, "--data", run.Data, "--out", Output(), "--size", "15", "--set", "PixArt:Runtime:Threads=1"]);
        Assert.Equal(2, code);
        Assert.Contains("--size = '15'", stderr);
    }

    [Fact]
    public void TrainClassifierKeepsAnExistingClassifierUnlessAskedAndReportsWhatItLearned()
    {
        Assert.Contains("held-out images (12)", run.ClassifierLog);
        Assert.Contains("step 30/30", run.ClassifierLog);
        var before = File.ReadAllBytes(Path.Combine(ClassifierStore.FolderOf(run.Data), ClassifierStore.WeightsFile));
        var (code, _, stderr) = PixArtCli.Run("eval", "train-classifier", "--data", run.Data, "--steps", "5", "--width", "8");
        Assert.Equal(2, code);
        Assert.Contains("already holds a classifier; pass --overwrite to replace it", stderr);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(ClassifierStore.FolderOf(run.Data), ClassifierStore.WeightsFile)));

        (code, _, stderr) = PixArtCli.Run("eval", "train-classifier", "--data", run.Data, "--steps", "0", "--width", "12", "--overwrite");
        Assert.Equal(2, code);
        Assert.Contains("--steps = '0': must be at least 1", stderr);
        Assert.Contains("--width = '12': must be a positive multiple of 8", stderr);
    }

    [Fact]
    public void TrainClassifierRecordsItsDataAndSettings()
    {
        var manifest = ClassifierStore.ReadManifest(ClassifierStore.FolderOf(run.Data));
        Assert.Equal(["face-smiling", "hand-fingers-open", "animal-mammal", "food-fruit", "transport-ground"], manifest.Classes);
        Assert.Equal(DatasetFingerprint.Of(run.Data), manifest.Data.CaptionsSha256);
        Assert.Equal((24, 12), (manifest.Data.TrainImages, manifest.Data.HeldOutImages));
        Assert.Equal(("train", "eval"), (manifest.Data.TrainSplit, manifest.Data.HeldOutSplit));
        Assert.Equal((30, 8, 8, 0L), (manifest.Training.Steps, manifest.Training.BatchSize, manifest.Training.Width, manifest.Training.Seed));
        Assert.Equal((64, 32), (manifest.InputSize, manifest.FeatureWidth));
        Assert.Equal(12, manifest.HeldOutAccuracy.Count);
        Assert.True(manifest.TrainingSeconds > 0);
    }

#pragma warning disable SYSLIB1054 // a plain P/Invoke of kill(2) needs no marshalling code generation
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [Fact]
    public async Task ASignalStopsTheEvaluationAndWritesNothing()
    {
        var output = Output();
        using var process = PixArtCli.Start("eval", "--model", run.Model, "--data", run.Data, "--out", output, "--size", "64", "--steps", "999",
            "--set", "PixArt:Runtime:Threads=1");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            stderr.AppendLine(line);
            if (line.StartsWith("generate 0/", StringComparison.Ordinal)) break;
        }
        Assert.True(line is not null, $"the evaluation never reached generation:\n{stderr}");
        Assert.Equal(0, Kill(process.Id, 15));
        stderr.Append(await process.StandardError.ReadToEndAsync());
        Assert.True(process.WaitForExit(60_000), "pixart eval did not stop within a minute of the signal");
        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{await stdout}\n{stderr}");
        Assert.Contains("cancelled: nothing was written", stderr.ToString());
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "files were written");
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
    }
}
