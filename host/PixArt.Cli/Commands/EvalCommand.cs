using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Evaluation;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;
using PixArt.Hosting.Model;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart eval</c>: scores a trained model on its data set (docs/training.md, "Evaluation") with the classifier stored
/// next to the data (<c>pixart eval train-classifier</c>): text-image alignment as the classifier's accuracy on generated
/// images, quality as the Fréchet distance in its features, and the ceiling of both on real held-out images; writes
/// <c>OUT/eval.json</c> and <c>OUT/grid.png</c> and prints a table. Everything is checked before any work; Ctrl+C stops
/// between steps and writes nothing.
/// </summary>
internal static class EvalCommand
{
    /// <summary>The data folder used without <c>--data</c> (where the emoji experiments read it from).</summary>
    public const string DefaultData = "data/emoji";

    private static readonly Option<string?> Model = new("--model") { Description = "Model folder to evaluate (e.g. runs/emoji-3stage/model, written by pixart train). Required." };
    private static readonly Option<string?> Data = new("--data") { Description = $"Emoji-format data set folder (captions.jsonl with train and eval splits, classes.json, images/, classifier/) (default: {DefaultData})." };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Output folder for eval.json and grid.png (default: eval/ next to the model folder)." };
    private static readonly Option<int> Seeds = new("--seeds") { Description = "Images per prompt, seeds 0..N-1 (1 to 64).", DefaultValueFactory = _ => 4 };
    private static readonly Option<int> Steps = new("--steps") { Description = "Sampler steps.", DefaultValueFactory = _ => 20 };
    private static readonly Option<double> Guidance = new("--guidance") { Description = "Classifier-free guidance scale; 1 disables guidance.", DefaultValueFactory = _ => 4.5 };
    private static readonly Option<int> Size = new("--size") { Description = "Image side in pixels (a multiple of the model's patch size; resized to the classifier's input size when different).", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> HeldOut = new("--held-out") { Description = "Most held-out prompts (taken round-robin over the classes).", DefaultValueFactory = _ => EvalPromptSet.DefaultHeldOutCap };

    /// <summary>The flag each request field comes from.</summary>
    private static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(GenerationRequest.Steps)] = "--steps",
        [nameof(GenerationRequest.GuidanceScale)] = "--guidance",
        [nameof(GenerationRequest.Width)] = "--size",
        [nameof(GenerationRequest.Height)] = "--size",
        [nameof(GenerationRequest.ImagesPerPrompt)] = "--seeds",
        [nameof(GenerationRequest.Seed)] = "--seeds",
        [nameof(GenerationRequest.Sampler)] = $"{PipelineSlots.Sampler.Path}:Type",
        [nameof(GenerationRequest.Unconditional)] = $"{GenerationOptions.SectionPath}:Unconditional",
    };

    public static Command Create()
    {
        var command = new Command("eval",
            "Evaluate a trained model on its data set: the classifier's top-1/top-5 accuracy on generated images against the prompt's class, " +
            "the Frechet distance to real training images in the classifier's features, and both for real held-out images (the ceiling). " +
            "Prompts: the caption of the first training emoji of each class, then held-out emoji round-robin over the classes up to --held-out; " +
            "each with seeds 0..N-1. Writes OUT/eval.json and OUT/grid.png and prints a table (docs/training.md, Evaluation). " +
            "Needs the data set's classifier: pixart eval train-classifier --data DIR. Ctrl+C stops and writes nothing.");
        foreach (var option in new Option[] { Model, Data, Out, Seeds, Steps, Guidance, Size, HeldOut }) command.Options.Add(option);
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            return Execute(result, signals.Token);
        }));
        command.Subcommands.Add(TrainClassifierCommand.Create());
        return command;
    }

    private static int Execute(ParseResult result, CancellationToken cancellation)
    {
        var problems = new List<ConfigProblem>();
        var settings = new EvalSettings
        {
            Seeds = result.GetValue(Seeds),
            Steps = result.GetValue(Steps),
            GuidanceScale = result.GetValue(Guidance),
            Size = result.GetValue(Size),
            HeldOutPrompts = result.GetValue(HeldOut),
        };
        if (settings.Seeds is < 1 or > GenerationPlanner.MaxImages) problems.Add(new ConfigProblem("--seeds", Text(settings.Seeds), $"must be between 1 and {GenerationPlanner.MaxImages}"));
        if (settings.HeldOutPrompts < 0) problems.Add(new ConfigProblem("--held-out", Text(settings.HeldOutPrompts), "must be 0 or more"));
        if (settings.Size < 1) problems.Add(new ConfigProblem("--size", Text(settings.Size), "must be a positive number of pixels"));

        var model = result.GetValue(Model);
        IReadOnlyList<KeyValuePair<string, string?>> modelKeys = [];
        if (model is null) problems.Add(new ConfigProblem("--model", null, "required: the model folder to evaluate, e.g. runs/emoji-3stage/model (written by pixart train)"));
        else
        {
            try
            {
                modelKeys = ModelFolder.Read(model);
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        var data = Path.GetFullPath(result.GetValue(Data) ?? DefaultData);
        var classifierFolder = ClassifierStore.FolderOf(data);
        var manifest = CheckData(data, classifierFolder, result.GetValue(Data) is null, problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);

        var modelFolder = Path.GetFullPath(model!);
        var output = Path.GetFullPath(result.GetValue(Out) ?? Path.Combine(Path.GetDirectoryName(modelFolder.TrimEnd(Path.DirectorySeparatorChar))!, "eval"));
        var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result), [.. modelKeys, .. EvalData.Keys(data)]);
        using var host = CliHost.Build(configuration, baseDirectory, [.. PipelineSlots.Generation, .. EvalData.Slots], AutoDTypePolicy.Reproducible);
        using var splits = EvalData.Open(host.Services);
        if (!splits.ClassNames.SequenceEqual(manifest!.Classes))
            throw new ConfigurationException([new ConfigProblem("--data", data,
                $"the data set's {splits.ClassNames.Count} classes differ from the {manifest.Classes.Count} the classifier was trained on; retrain it: pixart eval train-classifier --data {data} --overwrite")]);
        var prompts = EvalPromptSet.Build(splits.Train, splits.HeldOut, settings.HeldOutPrompts);
        var evaluator = new ModelEvaluator(host.Services.GetRequiredService<GenerationService>(), host.Services.GetRequiredService<GenerationPlanner>(),
            host.Services.GetRequiredService<ModelDescription>());
        IReadOnlyList<ModelEvaluator.Batch> batches;
        try
        {
            batches = evaluator.Plan(prompts, settings);
        }
        catch (GenerationRequestException e)
        {
            throw new ConfigurationException(e.Problems.Select(p => new ConfigProblem(Flags.GetValueOrDefault(p.Field, p.Field), p.Value, p.Message)).ToList());
        }

        // Every input is checked: now the classifier, the real images and the model load, and the images are made.
        var progress = new ProgressLines();
        var runtime = host.Services.GetRequiredService<IRuntimeContext>();
        var (classifier, _) = ClassifierStore.Load(classifierFolder, host.Services.GetRequiredService<IWeightStore>(), runtime.Device);
        using (classifier)
        {
            using var train = LabelledImages.Load(splits.Train, manifest.InputSize, $"{splits.TrainSplitName} split", progress, cancellation);
            using var heldOut = LabelledImages.Load(splits.HeldOut, manifest.InputSize, $"{splits.HeldOutSplitName} split", progress, cancellation);
            var context = new EvalContext(classifier, manifest, train, heldOut, settings, modelFolder, data, classifierFolder);
            using var outcome = evaluator.Run(batches, context, progress, cancellation);
            cancellation.ThrowIfCancellationRequested();
            var json = Path.Combine(output, "eval.json");
            var grid = Path.Combine(output, "grid.png");
            var chunks = new Dictionary<string, string> { ["model"] = outcome.Report.ModelName, ["rows"] = "prompts (train, then held-out)", ["columns"] = "seeds " + string.Join(",", settings.SeedList),
                [GenerationParameters.DTypeChunk] = outcome.Report.Generation.DType };
            new ImageOutput([json, grid], output).WriteAll([System.Text.Encoding.UTF8.GetBytes(outcome.Report.ToJson()), PngImageWriter.Encode(outcome.Grid, chunks)]);
            Console.WriteLine(outcome.Report.ToTable());
            Console.WriteLine($"wrote {json} and {grid}");
        }
        return CliErrors.Ok;
    }

    // The data folder, its classifier and the classifier's fingerprint against the data set's; returns the manifest when usable.
    private static ClassifierManifest? CheckData(string data, string classifierFolder, bool defaulted, List<ConfigProblem> problems)
    {
        var retrain = $"pixart eval train-classifier --data {data}";
        if (!Directory.Exists(data))
        {
            problems.Add(new ConfigProblem("--data", data, defaulted
                ? $"no data set at the default {DefaultData}; pass --data DIR (an emoji-format folder: captions.jsonl, classes.json, images/)"
                : "data set folder not found; expected an emoji-format folder: captions.jsonl, classes.json, images/"));
            return null;
        }
        if (!File.Exists(Path.Combine(data, DatasetFingerprint.IndexFile)))
        {
            problems.Add(new ConfigProblem("--data", data, $"not a data set folder: {DatasetFingerprint.IndexFile} is missing"));
            return null;
        }
        if (!ClassifierStore.Exists(classifierFolder))
        {
            problems.Add(new ConfigProblem("--data", data, $"no classifier in {classifierFolder}; train it once with: {retrain}"));
            return null;
        }
        ClassifierManifest manifest;
        try
        {
            manifest = ClassifierStore.ReadManifest(classifierFolder);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new ConfigProblem("--data", data, $"{e.Message}; retrain it with: {retrain} --overwrite"));
            return null;
        }
        var fingerprint = DatasetFingerprint.Of(data);
        if (manifest.Data.CaptionsSha256 != fingerprint)
        {
            problems.Add(new ConfigProblem("--data", data,
                $"the classifier in {classifierFolder} was trained on another data set ({DatasetFingerprint.IndexFile} SHA-256 {Short(manifest.Data.CaptionsSha256)}, this one's is {Short(fingerprint)}); retrain it with: {retrain} --overwrite"));
            return null;
        }
        return manifest;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Progress as lines on standard error: each phase's start and end, each generation batch.</summary>
    private sealed class ProgressLines : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) =>
            Console.Error.WriteLine($"{value.Stage} {value.Step}/{value.Total}{(value.Message is null ? "" : " " + value.Message)}");
    }
}
