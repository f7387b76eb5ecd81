using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PixArt.Cli.Parsing;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using PixArt.Hosting.Images;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart generate</c>: prompt(s) in, PNG files (with their generation parameters) out.</summary>
internal static class GenerateCommand
{
    private static readonly Option<string?> Model = new("--model") { Description = "Hugging Face PixArt pipeline folder (model_index.json + transformer/, text_encoder/, tokenizer/, vae/, scheduler/). [default: the embedded emoji model (models/pixart-emoji), unless --config names a model]" };
    private static readonly Option<string[]> Prompt = new("--prompt", "-p") { Description = "The text to generate an image from (repeatable: one batch entry each). A prompt starting with '-' is passed as --prompt=-text; '@' has no special meaning.", Required = true };
    private static readonly Option<string?> NegativePrompt = new("--negative-prompt") { Description = "Negative prompt for the unconditional branch. [default: PixArt:Generation:NegativePrompt, empty]" };
    private static readonly Option<string?> Sampler = new("--sampler") { Description = "Sampler type id: dpm-solver, sa-solver, iddpm, ddim, lcm. [default: PixArt:Sampler:Type; the embedded model: dpm-solver]" };
    private static readonly Option<int?> Steps = CliValues.Int("--steps", "Inference steps, 1 to the sampler's TrainTimesteps (1000). [default: PixArt:Sampler:Steps, else the sampler's own: dpm-solver 20, sa-solver 25, iddpm 100, ddim 20, lcm 4]", 20);
    private static readonly Option<double?> Guidance = CliValues.Number("--guidance", "Classifier-free guidance scale, 0 to 100; 1 or less disables guidance. [default: PixArt:Sampler:GuidanceScale, which a model folder's model_index.json may set (the embedded emoji model: 1.5), else 4.5]", 4.5);
    private static readonly Option<long?> Seed = CliValues.Long("--seed", "Seed of the first image, 0 or more; image i uses seed + i. [default: PixArt:Generation:Seed, else random (printed and stored in the PNG)]", 1);
    private static readonly Option<int?> Width = CliValues.Int("--width", $"Width in pixels: 0 (the model's native size) or a multiple of codec downsample × patch size (16 for PixArt) up to {GenerationPlanner.MaxSide}. [default: PixArt:Generation:Width, 0]", 512);
    private static readonly Option<int?> Height = CliValues.Int("--height", "Height in pixels, as --width. [default: PixArt:Generation:Height, 0]", 512);
    private static readonly Option<int?> NumImages = CliValues.Int("--num-images", $"Images per prompt, 1 to {GenerationPlanner.MaxImages} (and at most {GenerationPlanner.MaxImages} per request). [default: PixArt:Generation:NumImages, 1]", 2, "-n");
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Output: a .png file (several images: NAME-SEED.png), or an existing folder or one ending in '/' (pixart-SEED.png each); relative to the current folder. Never a folder from another name (docs/cli.md). [default: PixArt:Generation:Output, pixart.png]" };
    private static readonly Option<bool> Overwrite = new("--overwrite") { Description = "Replace existing image files (without it an existing file stops the command before any work). [default: PixArt:Generation:Overwrite, false]" };

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
        var command = new Command("generate", "Generate images from prompts and write them as PNG files carrying the generation parameters (see `pixart info`). Every input, the output location and the memory a request needs are checked before any work; Ctrl+C stops between steps and writes nothing.");
        foreach (var option in new Option[] { Model, Prompt, NegativePrompt, Sampler, Steps, Guidance, Seed, Width, Height, NumImages, Out, Overwrite })
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
        var configFile = result.GetValue(GlobalOptions.Config);
        var modelKeys = EmbeddedDefaultModel.ModelKeys(result.GetValue(Model), configFile);
        var extra = result.GetValue(Overwrite) ? new[] { new KeyValuePair<string, string?>($"{GenerationOptions.SectionPath}:{nameof(GenerationOptions.Overwrite)}", "true") } : null;
        var (configuration, baseDirectory) = PixArtConfiguration.Build(configFile, GlobalOptions.Overrides(result, extra), modelKeys);
        using var host = CliHost.Build(configuration, baseDirectory, PipelineSlots.Generation, AutoDTypePolicy.Generation);
        var defaults = host.Services.GetRequiredService<IOptions<GenerationOptions>>().Value;
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
        var output = Output(result, defaults, baseDirectory, plan);

        // Every input and the output are checked: now the model loads (once), and the images are made.
        var service = host.Services.GetRequiredService<GenerationService>();
        if (plan.Estimate.Describe(TimeSpan.FromSeconds(30)) is { } slow) Console.Error.WriteLine($"note: {slow}; Ctrl+C stops between steps");
        using var progress = new ConsoleProgress();
        var images = service.Run(plan, progress, cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Finish();
            output.WriteAll(images.Select(i => PngImageWriter.Encode(i.Pixels, i.Parameters.ToTextChunks())).ToList());
            foreach (var (image, path) in images.Zip(output.Paths))
            {
                var p = image.Parameters;
                Console.WriteLine($"{TerminalText.Escape(path)}  seed {p.Seed}, {p.Width}x{p.Height}, {p.Sampler} {p.Steps} steps, guidance {p.GuidanceScale.ToString(CultureInfo.InvariantCulture)}");
            }
            return CliErrors.Ok;
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    /// <summary>The checked output of <paramref name="plan"/>: --out against the current folder, the configured Output against the configuration's folder.</summary>
    private static ImageOutput Output(ParseResult result, GenerationOptions defaults, string baseDirectory, GenerationPlan plan)
    {
        var flag = result.GetValue(Out);
        var (name, value, full) = flag is not null
            ? ("--out", flag, Path.GetFullPath(flag))
            : ($"{GenerationOptions.SectionPath}:{nameof(GenerationOptions.Output)}", defaults.Output, Path.GetFullPath(Path.Combine(baseDirectory, defaults.Output)));
        // Path.GetFullPath drops a trailing separator's meaning only if we let it: keep "dir/" a folder.
        if (value.EndsWith('/') && !full.EndsWith('/')) full += "/";
        try
        {
            return ImageOutputPlan.Plan(full, plan.Seeds, defaults.Overwrite,
                ImageOutputPlan.BytesNeeded(plan.Seeds.Count, plan.Size.OutputWidth, plan.Size.OutputHeight), "--overwrite");
        }
        catch (ImageOutputException e)
        {
            throw new ConfigurationException(new[] { new ConfigProblem(name, value, e.Message) });
        }
    }

    // SamplerOptions:Eta comes from --set PixArt:Sampler:Eta; the other fields from their flags.
    private static string FlagOf(string field) =>
        Flags.TryGetValue(field, out var flag) ? flag
        : field.StartsWith(nameof(GenerationRequest.SamplerOptions) + ":", StringComparison.Ordinal) ? $"{PipelineSlots.Sampler.Path}:{field[(nameof(GenerationRequest.SamplerOptions).Length + 1)..]}"
        : field.StartsWith(nameof(GenerationRequest.Prompts), StringComparison.Ordinal) ? "--prompt"
        : field;
}
