using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Evaluation;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart eval train-classifier</c>: trains the data set's evaluation classifier once, on its training split, scores it
/// on the held-out split and stores it in <c>DATA/classifier/</c> (progress lines on standard output). Ctrl+C stops
/// between steps and writes nothing.
/// </summary>
internal static class TrainClassifierCommand
{
    private static readonly ClassifierTrainingSettings Defaults = new();

    private static readonly Option<string> Data = new("--data") { Description = "Emoji-format data set folder (captions.jsonl with train and eval splits, classes.json, images/); the classifier is written to DATA/classifier/.", Required = true };
    private static readonly Option<int> Steps = new("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => Defaults.Steps };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed of the initial weights, data order and augmentation.", DefaultValueFactory = _ => Defaults.Seed };
    private static readonly Option<int> BatchSize = new("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => Defaults.BatchSize };
    private static readonly Option<int> Width = new("--width") { Description = "Channels of the first convolution, a multiple of 8 (features are 4x as wide).", DefaultValueFactory = _ => Defaults.Width };
    private static readonly Option<bool> Overwrite = new("--overwrite") { Description = "Replace a classifier the data set already has." };

    /// <summary>The flag of each setting.</summary>
    private static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(ClassifierTrainingSettings.Steps)] = "--steps",
        [nameof(ClassifierTrainingSettings.Seed)] = "--seed",
        [nameof(ClassifierTrainingSettings.BatchSize)] = "--batch-size",
        [nameof(ClassifierTrainingSettings.Width)] = "--width",
    };

    public static Command Create()
    {
        var command = new Command("train-classifier",
            "Train the data set's evaluation classifier (over its classes.json classes: the emoji set's 98 subcategories) once on its train split, score it on its eval split, and store it " +
            "in DATA/classifier/ (classifier.safetensors, classifier.json). Ctrl+C stops and writes nothing.");
        foreach (var option in new Option[] { Data, Steps, Seed, BatchSize, Width, Overwrite }) command.Options.Add(option);
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            return Execute(result, signals.Token);
        }));
        return command;
    }

    private static int Execute(ParseResult result, CancellationToken cancellation)
    {
        var settings = Defaults with
        {
            Steps = result.GetValue(Steps),
            Seed = result.GetValue(Seed),
            BatchSize = result.GetValue(BatchSize),
            Width = result.GetValue(Width),
        };
        var problems = settings.Problems().Select(p => new ConfigProblem(Flags.GetValueOrDefault(p.Name, p.Name), p.Value, $"must be {p.Allowed}")).ToList();
        var data = Path.GetFullPath(result.GetValue(Data)!);
        if (!Directory.Exists(data)) problems.Add(new ConfigProblem("--data", data, "data set folder not found; expected an emoji-format folder: captions.jsonl, classes.json, images/"));
        else if (!File.Exists(Path.Combine(data, DatasetFingerprint.IndexFile))) problems.Add(new ConfigProblem("--data", data, $"not a data set folder: {DatasetFingerprint.IndexFile} is missing"));
        var folder = ClassifierStore.FolderOf(data);
        if (ClassifierStore.Exists(folder) && !result.GetValue(Overwrite))
            problems.Add(new ConfigProblem("--data", data, $"{folder} already holds a classifier; pass --overwrite to replace it"));
        if (problems.Count > 0) throw new ConfigurationException(problems);

        var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result), EvalData.Keys(data));
        using var host = CliHost.Build(configuration, baseDirectory, EvalData.Slots, AutoDTypePolicy.Reproducible);
        using var splits = EvalData.Open(host.Services);
        var manifest = ClassifierTrainer.TrainAndSave(splits, settings, host.Services.GetRequiredService<IRuntimeContext>(),
            host.Services.GetRequiredService<IWeightStore>(), Console.WriteLine, cancellation);
        var held = manifest.HeldOutAccuracy;
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "done: held-out top-1 {0:P1}, top-5 {1:P1} over {2} images; now: pixart eval --model DIR --data {3}",
            held.Top1, held.Top5, held.Count, data));
        return CliErrors.Ok;
    }
}
