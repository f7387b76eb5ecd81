using System.CommandLine;
using System.Globalization;
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
    private static readonly Option<string?> NegativePrompt = new("--negative-prompt") { Description = "Negative prompt for the unconditional branch (PixArt:Generation:NegativePrompt)." };
    private static readonly Option<string?> Sampler = new("--sampler") { Description = "Sampler type id (PixArt:Sampler:Type), e.g. dpm-solver, sa-solver, iddpm, ddim, lcm." };
    private static readonly Option<int?> Steps = new("--steps") { Description = "Inference steps (PixArt:Sampler:Steps)." };
    private static readonly Option<double?> Guidance = new("--guidance") { Description = "Classifier-free guidance scale; 1 disables guidance (PixArt:Sampler:GuidanceScale)." };
    private static readonly Option<long?> Seed = new("--seed") { Description = "Seed of the first image; image i uses seed + i (PixArt:Generation:Seed). Random when omitted." };
    private static readonly Option<int?> Width = new("--width") { Description = "Width in pixels, a multiple of codec downsample × patch size (PixArt:Generation:Width; 0 = native)." };
    private static readonly Option<int?> Height = new("--height") { Description = "Height in pixels (PixArt:Generation:Height; 0 = native)." };
    private static readonly Option<int?> NumImages = new("--num-images", "-n") { Description = "Images per prompt (PixArt:Generation:NumImages)." };
    private static readonly Option<string?> Out = new("--out", "-o") { Description = "Output .png file (several images get -N suffixes) or folder (PixArt:Generation:Output)." };

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
        var extra = new List<KeyValuePair<string, string?>>();
        void Map<T>(Option<T> option, string key)
        {
            var value = result.GetValue(option);
            if (value is not null) extra.Add(new(key, Convert.ToString(value, CultureInfo.InvariantCulture)));
        }
        Map(Sampler, "PixArt:Sampler:Type");
        Map(Steps, "PixArt:Sampler:Steps");
        Map(Guidance, "PixArt:Sampler:GuidanceScale");
        Map(NegativePrompt, "PixArt:Generation:NegativePrompt");
        Map(Seed, "PixArt:Generation:Seed");
        Map(Width, "PixArt:Generation:Width");
        Map(Height, "PixArt:Generation:Height");
        Map(NumImages, "PixArt:Generation:NumImages");
        Map(Out, "PixArt:Generation:Output");

        var modelFolder = result.GetValue(Model);
        var configFile = result.GetValue(GlobalOptions.Config);
        IEnumerable<KeyValuePair<string, string?>>? modelKeys = null;
        if (modelFolder is not null) modelKeys = ModelFolder.Read(modelFolder);
        else if (configFile is null) modelKeys = ModelFolder.Read(EmbeddedDefaultModel.EnsureExists());

        var (configuration, baseDirectory) = PixArtConfiguration.Build(configFile, GlobalOptions.Overrides(result, extra), modelKeys);
        using var host = CliHost.Build(configuration, baseDirectory, PipelineSlots.Generation);
        using var pipeline = GenerationPipeline.Create(host.Services);

        var options = pipeline.Options;
        var seed = options.Seed ?? Random.Shared.NextInt64(0, int.MaxValue);
        var request = new GenerationRequest(result.GetValue(Prompt) ?? Array.Empty<string>(), options.NegativePrompt,
            options.Width, options.Height, seed, options.NumImages);
        var progress = new ConsoleProgress();
        var images = pipeline.Generate(request, progress, cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Finish();
            var seeds = images.Select(i => long.Parse(i.Parameters["seed"], CultureInfo.InvariantCulture)).ToList();
            var paths = ImageOutputPlan.Paths(Path.GetFullPath(Path.Combine(baseDirectory, options.Output)), images.Count, seeds);
            ImageOutputPlan.WriteAll(paths, images.Select(i => PngImageWriter.Encode(i.Pixels, i.Parameters)).ToList());
            foreach (var (image, path) in images.Zip(paths))
            {
                Console.WriteLine($"{path}  seed {image.Parameters["seed"]}, {image.Parameters["size"]}, {image.Parameters["sampler"]} {image.Parameters["steps"]} steps, guidance {image.Parameters["guidance"]}");
            }
            return CliErrors.Ok;
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

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
