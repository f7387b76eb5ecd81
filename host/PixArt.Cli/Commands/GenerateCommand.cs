using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart generate</c>: prompt(s) in, PNG files (with their generation parameters) out.</summary>
internal static class GenerateCommand
{
    private static readonly Option<string?> Model = new("--model") { Description = "Hugging Face PixArt pipeline folder (model_index.json + transformer/, text_encoder/, tokenizer/, vae/, scheduler/). Without it (and without --config) the embedded default model is used." };
    private static readonly Option<string[]> Prompt = new("--prompt", "-p") { Description = "Prompt (repeatable: one batch entry each).", Required = true };
    private static readonly Option<string?> NegativePrompt = new("--negative-prompt") { Description = "Negative prompt for the unconditional branch (default: PixArt:Generation:NegativePrompt)." };
    private static readonly Option<string?> Sampler = new("--sampler") { Description = "Sampler type id, e.g. dpm-solver, sa-solver, iddpm, ddim, lcm (default: PixArt:Sampler:Type)." };
    private static readonly Option<int?> Steps = new("--steps") { Description = "Inference steps (default: PixArt:Sampler:Steps, else the sampler's own)." };
    private static readonly Option<double?> Guidance = new("--guidance") { Description = "Classifier-free guidance scale; 1 disables guidance (default: PixArt:Sampler:GuidanceScale)." };
    private static readonly Option<long?> Seed = new("--seed") { Description = "Seed of the first image; image i uses seed + i (default: PixArt:Generation:Seed, else random)." };
    private static readonly Option<int?> Width = new("--width") { Description = "Width in pixels, a multiple of codec downsample × patch size; 0 = native (default: PixArt:Generation:Width)." };
    private static readonly Option<int?> Height = new("--height") { Description = "Height in pixels; 0 = native (default: PixArt:Generation:Height)." };
    private static readonly Option<int?> NumImages = new("--num-images", "-n") { Description = "Images per prompt (default: PixArt:Generation:NumImages)." };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Output .png file (several images get -N suffixes) or folder, relative to the current folder (default: PixArt:Generation:Output)." };

    /// <summary>The flag each request field comes from, for problems found in a request.</summary>
    private static readonly IReadOnlyDictionary<string, string> Flags = new Dictionary<string, string>
    {
        [nameof(GenerationRequest.Prompts)] = "--prompt",
        [nameof(GenerationRequest.NegativePrompt)] = "--negative-prompt",
        [nameof(GenerationRequest.Sampler)] = "--sampler",
        [nameof(GenerationRequest.Steps)] = "--steps",
        [nameof(GenerationRequest.GuidanceScale)] = "--guidance",
        [nameof(GenerationRequest.Seed)] = "--seed",
        [nameof(GenerationRequest.Width)] = "--width",
        [nameof(GenerationRequest.Height)] = "--height",
        [nameof(GenerationRequest.ImagesPerPrompt)] = "--num-images",
        [nameof(GenerationRequest.Unconditional)] = $"{GenerationOptions.SectionPath}:Unconditional",
    };

    public static Command Create()
    {
        var command = new Command("generate", "Generate images from prompts and write them as PNG files carrying the generation parameters (see `pixart info`). Ctrl+C stops between steps and writes nothing.");
        foreach (var option in new Option[] { Model, Prompt, NegativePrompt, Sampler, Steps, Guidance, Seed, Width, Height, NumImages, Out })
            command.Options.Add(option);
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            return Execute(result, signals.Token);
        }));
        return command;
    }

    private static int Execute(ParseResult result, CancellationToken cancellationToken)
    {
        var modelFolder = result.GetValue(Model);
        var configFile = result.GetValue(GlobalOptions.Config);
        IEnumerable<KeyValuePair<string, string?>>? modelKeys = null;
        if (modelFolder is not null) modelKeys = ModelFolder.Read(modelFolder);
        else if (configFile is null) modelKeys = ModelFolder.Read(EmbeddedDefaultModel.EnsureExists());

        var (configuration, baseDirectory) = PixArtConfiguration.Build(configFile, GlobalOptions.Overrides(result), modelKeys);
        using var host = CliHost.Build(configuration, baseDirectory, PipelineSlots.Generation);
        var defaults = host.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;
        var output = result.GetValue(Out) is { } flag ? Path.GetFullPath(flag) : Path.GetFullPath(Path.Combine(baseDirectory, defaults.Output));
        var request = new GenerationRequest
        {
            Prompts = result.GetValue(Prompt) ?? [],
            NegativePrompt = result.GetValue(NegativePrompt),
            Sampler = result.GetValue(Sampler),
            Steps = result.GetValue(Steps),
            GuidanceScale = result.GetValue(Guidance),
            Seed = result.GetValue(Seed),
            Width = result.GetValue(Width),
            Height = result.GetValue(Height),
            ImagesPerPrompt = result.GetValue(NumImages),
        };
        GenerationPlan plan;
        try
        {
            plan = host.Services.GetRequiredService<GenerationPlanner>().Plan(request);
        }
        catch (GenerationRequestException e)
        {
            throw new ConfigurationException(e.Problems.Select(p => new ConfigProblem(FlagOf(p.Field), p.Value, p.Message)).ToList());
        }

        // Every input is checked: now the model loads (once), and the images are made.
        var service = host.Services.GetRequiredService<GenerationService>();
        var progress = new ConsoleProgress();
        var images = service.Run(plan, progress, cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Finish();
            var paths = ImageOutputPlan.Paths(output, images.Count, plan.Seeds);
            ImageOutputPlan.WriteAll(paths, images.Select(i => PngImageWriter.Encode(i.Pixels, i.Parameters.ToTextChunks())).ToList());
            foreach (var (image, path) in images.Zip(paths))
            {
                var p = image.Parameters;
                Console.WriteLine($"{path}  seed {p.Seed}, {p.Width}x{p.Height}, {p.Sampler} {p.Steps} steps, guidance {p.GuidanceScale.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
            return CliErrors.Ok;
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    // SamplerOptions:Eta comes from --set PixArt:Sampler:Eta; the other fields from their flags.
    private static string FlagOf(string field) =>
        Flags.TryGetValue(field, out var flag) ? flag
        : field.StartsWith(nameof(GenerationRequest.SamplerOptions) + ":", StringComparison.Ordinal) ? $"{PipelineSlots.Sampler.Path}:{field[(nameof(GenerationRequest.SamplerOptions).Length + 1)..]}"
        : field.StartsWith(nameof(GenerationRequest.Prompts), StringComparison.Ordinal) ? "--prompt"
        : field;

    /// <summary>Step progress on standard error (one updating line on a terminal, one line per stage otherwise).</summary>
    private sealed class ConsoleProgress : IProgress<ProgressUpdate>
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private string _lastStage = "";

        public void Report(ProgressUpdate value)
        {
            var line = $"{value.Stage} {value.Step}/{value.Total}{(value.Message is null ? "" : " " + value.Message)}";
            if (_interactive) Console.Error.Write($"\r{line,-60}");
            else if (value.Stage != _lastStage || value.Step == value.Total) Console.Error.WriteLine(line);
            _lastStage = value.Stage;
        }

        public void Finish()
        {
            if (_interactive) Console.Error.WriteLine();
        }
    }
}
