using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart bench</c>: timings of the denoiser forward and of the whole generation pipeline (median of N after warm-up),
/// waiting for the device around each measurement. Performance is reported by these commands, never by tests.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<int> Warmup = new("--warmup") { Description = "Untimed runs first.", DefaultValueFactory = _ => 5 };
    private static readonly Option<int> Iterations = new("--iterations") { Description = "Timed runs (the median is reported).", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Batch = new("--batch") { Description = "Batch size (2 = one image with classifier-free guidance).", DefaultValueFactory = _ => 2 };

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (see docs/performance.md).");
        bench.Subcommands.Add(DenoiserBench());
        bench.Subcommands.Add(GenerateBench());
        bench.Subcommands.Add(TrainBench.Create());
        return bench;
    }

    private static Command DenoiserBench()
    {
        var preset = new Option<string>("--preset") { Description = "Denoiser preset (random weights): XL-2-256, XL-2-512, XL-2-1024-MS.", DefaultValueFactory = _ => "XL-2-1024-MS" };
        var size = new Option<int>("--size") { Description = "Image side in pixels (latent = size / 8).", DefaultValueFactory = _ => 1024 };
        var tokens = new Option<int>("--tokens") { Description = "Caption tokens.", DefaultValueFactory = _ => 120 };
        var command = new Command("denoiser", "Time one denoiser forward (random weights of a preset, the configured device and dtype) under inference mode.");
        foreach (var o in new Option[] { preset, size, tokens, Batch, Warmup, Iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var overrides = new List<KeyValuePair<string, string?>>
            {
                new("PixArt:Denoiser:Type", "pixart-transformer"),
                new("PixArt:Denoiser:Preset", result.GetValue(preset)),
                new("PixArt:Denoiser:TimestepConditioning:Type", "adaln-single"),
                new("PixArt:Denoiser:TextConditioning:Type", "cross-attention"),
            };
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result), overrides);
            using var host = CliHost.Build(configuration, baseDirectory, new[] { PipelineSlots.Denoiser.AsRequired() });
            var activator = host.Services.GetRequiredService<ComponentActivator>();
            var selection = host.Services.GetRequiredService<ComponentSelections>().Get(PipelineSlots.Denoiser);
            using var denoiser = activator.Factory<IDenoiserFactory>(selection).Create(activator.Context(selection));
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            int batch = result.GetValue(Batch), latent = result.GetValue(size) / 8;
            using var inference = torch.inference_mode();
            using var scope = NewDisposeScope();
            var x = randn(new long[] { batch, denoiser.Info.InChannels, latent, latent }, runtime.DType, runtime.Device);
            var t = randint(0, 1000, new long[] { batch }, ScalarType.Float32, runtime.Device);
            var condition = new ConditionInput
            {
                Caption = randn(new long[] { batch, result.GetValue(tokens), denoiser.TextConditioning.CaptionChannels ?? denoiser.Info.Dimensions.CaptionChannels }, runtime.DType, runtime.Device),
                CaptionMask = ones(new long[] { batch, result.GetValue(tokens) }, ScalarType.Int64, runtime.Device),
                Resolution = full(new long[] { batch, 2 }, (float)result.GetValue(size), ScalarType.Float32, runtime.Device),
                AspectRatio = ones(new long[] { batch, 1 }, ScalarType.Float32, runtime.Device),
            };
            var timer = new BenchTimer(runtime.Device);
            for (var i = 0; i < result.GetValue(Warmup); i++) denoiser.Forward(x, t, condition).Dispose();
            var samples = new List<double>();
            for (var i = 0; i < result.GetValue(Iterations); i++)
            {
                timer.Start();
                using var output = denoiser.Forward(x, t, condition);
                samples.Add(timer.StopMilliseconds());
            }
            Console.WriteLine($"RESULT denoiser preset={result.GetValue(preset)} size={result.GetValue(size)} batch={batch} tokens={result.GetValue(tokens)} device={runtime.Device} dtype={runtime.DType} {BenchTimer.Summary(samples)}");
            Console.WriteLine($"  {timer.Memory}");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static Command GenerateBench()
    {
        var model = new Option<string?>("--model") { Description = "Hugging Face PixArt folder (default: the embedded tiny model, or --random-weights)." };
        var random = new Option<bool>("--random-weights") { Description = "Full-size PixArt-XL-2-1024-MS pipeline with random weights: XL transformer, T5-XXL-sized encoder, SD VAE (models/configs)." };
        var size = new Option<int>("--size") { Description = "Image side in pixels (0 = native).", DefaultValueFactory = _ => 0 };
        var steps = new Option<int>("--steps") { Description = "Sampler steps.", DefaultValueFactory = _ => 20 };
        var command = new Command("generate", "Time the whole generation pipeline (encode, denoise, decode) for one prompt with classifier-free guidance.");
        foreach (var o in new Option[] { model, random, size, steps, Warmup, Iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var modelKeys = new List<KeyValuePair<string, string?>>();
            if (result.GetValue(random)) modelKeys.AddRange(RandomXlPipeline());
            else modelKeys.AddRange(ModelFolder.Read(result.GetValue(model) ?? EmbeddedDefaultModel.EnsureExists()));
            var extra = new List<KeyValuePair<string, string?>> { new("PixArt:Sampler:Steps", result.GetValue(steps).ToString()) };
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result, extra), modelKeys);
            using var host = CliHost.Build(configuration, baseDirectory, PipelineSlots.Generation);
            var service = host.Services.GetRequiredService<GenerationService>();
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            var timer = new BenchTimer(runtime.Device);
            var parts = new Dictionary<string, List<double>> { ["encode"] = new(), ["denoise"] = new(), ["decode"] = new(), ["total"] = new() };
            var request = new GenerationRequest { Prompts = ["a photograph of an astronaut riding a horse"], Width = result.GetValue(size), Height = result.GetValue(size), Seed = 0 };
            for (var i = 0; i < result.GetValue(Warmup) + result.GetValue(Iterations); i++)
            {
                var measured = i >= result.GetValue(Warmup);
                var stage = new StageTimer(timer, measured ? parts : null);
                timer.Start();
                var total = System.Diagnostics.Stopwatch.StartNew();
                foreach (var image in service.Generate(request, stage)) image.Dispose();
                stage.Finish();
                if (measured) parts["total"].Add(total.Elapsed.TotalMilliseconds);
            }
            var name = service.Model.Name;
            Console.WriteLine($"RESULT generate model={name} steps={result.GetValue(steps)} device={runtime.Device} dtype={runtime.DType}");
            foreach (var (part, samples) in parts) Console.WriteLine($"  {part,-8} {BenchTimer.Summary(samples)}");
            Console.WriteLine($"  {timer.Memory}");
            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>Configuration of the full-size pipeline with random weights (nothing to download).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> RandomXlPipeline()
    {
        var configs = Path.Combine(AppContext.BaseDirectory, "models", "configs");
        var tokenizer = Path.Combine(AppContext.BaseDirectory, "models", EmbeddedDefaultModel.Name, "tokenizer");
        return new Dictionary<string, string?>
        {
            ["PixArt:Model:Name"] = "PixArt-XL-2-1024-MS (random weights)",
            ["PixArt:Denoiser:Type"] = "pixart-transformer",
            ["PixArt:Denoiser:Preset"] = "XL-2-1024-MS",
            ["PixArt:Denoiser:TimestepConditioning:Type"] = "adaln-single",
            ["PixArt:Denoiser:TextConditioning:Type"] = "cross-attention",
            ["PixArt:TextEncoder:Type"] = "t5",
            ["PixArt:TextEncoder:Path"] = Path.Combine(configs, "t5-v1_1-xxl"),
            ["PixArt:TextEncoder:TokenizerPath"] = tokenizer,
            ["PixArt:TextEncoder:RandomWeights"] = "true",
            ["PixArt:Codec:Type"] = "sd-vae",
            ["PixArt:Codec:Path"] = Path.Combine(configs, "sd-vae-ft-ema"),
            ["PixArt:Codec:RandomWeights"] = "true",
            ["PixArt:Sampler:Type"] = "dpm-solver",
        };
    }

    /// <summary>Times the pipeline's stages from its progress reports (reported on the generating thread, so it can wait for the device).</summary>
    private sealed class StageTimer(BenchTimer timer, Dictionary<string, List<double>>? parts) : IProgress<ProgressUpdate>
    {
        private readonly System.Diagnostics.Stopwatch _watch = System.Diagnostics.Stopwatch.StartNew();
        private string? _stage;

        public void Report(ProgressUpdate value)
        {
            if (value.Stage == _stage) return;
            Close();
            _stage = value.Stage;
            timer.Synchronize();
            _watch.Restart();
        }

        public void Finish() => Close();

        private void Close()
        {
            if (_stage is null) return;
            timer.Synchronize();
            if (parts is not null && parts.TryGetValue(_stage, out var samples)) samples.Add(_watch.Elapsed.TotalMilliseconds);
            _stage = null;
        }
    }
}
