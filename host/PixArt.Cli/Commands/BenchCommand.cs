using PixArt.Nn.Runtime;
using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Generation;
using PixArt.Cli.Parsing;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart bench</c>: timings of the denoiser forward and of the whole generation pipeline (median of N after warm-up),
/// waiting for the device around each measurement. Performance is reported by these commands, never by tests.
/// </summary>
internal static class BenchCommand
{
    private static readonly Option<int?> Warmup = CliValues.Int("--warmup", "Untimed runs first, 0 to 1000. [default: 5 on CUDA, 1 on the CPU]", 1);

    /// <summary>Shared by every bench command that times repeated runs.</summary>
    internal static readonly Option<bool> Steady = new("--steady")
    {
        Description = $"After the --warmup runs, keep warming up until {WarmupRuns.Window} runs in a row agree within {WarmupRuns.Tolerance:P0} (at most {WarmupRuns.MaxRuns} more runs or {WarmupRuns.MaxSteadySeconds} s); the report says how many it took.",
    };
    private static readonly Option<int?> Iterations = CliValues.Int("--iterations", "Timed runs (the median is reported), 1 to 10000. [default: 20 on CUDA, 3 on the CPU]", 3);
    private static readonly Option<int?> Batch = CliValues.Int("--batch", "Batch size, 1 to 64 (2 = one image with classifier-free guidance). [default: 2]", 2);

    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (see docs/performance.md). Defaults are sized for the device: CUDA gets the full-size model at 1024 px, the CPU the 256 px one. Ctrl+C stops between runs.");
        bench.Subcommands.Add(DenoiserBench());
        bench.Subcommands.Add(GenerateBench());
        bench.Subcommands.Add(TrainBench.Create());
        bench.Subcommands.Add(MatmulBench.Create());
        return bench;
    }

    /// <summary>The defaults for the device the configuration selects (known once the runtime is up).</summary>
    private sealed record Sizing(string Preset, int Size, int Warmup, int Iterations)
    {
        public static Sizing For(bool cuda) => cuda ? new("XL-2-1024-MS", 1024, 5, 20) : new("XL-2-256", 256, 1, 3);
    }

    private static Command DenoiserBench()
    {
        var preset = new Option<string?>("--preset") { Description = "Denoiser preset (random weights): XL-2-256, XL-2-512, XL-2-1024-MS. [default: XL-2-1024-MS on CUDA, XL-2-256 on the CPU]" };
        preset.AcceptOnlyFromAmong("XL-2-256", "XL-2-512", "XL-2-1024-MS");
        var size = CliValues.Int("--size", $"Image side in pixels: a multiple of 16 from 16 to {GenerationPlanner.MaxSide} (latent = size / 8). [default: 1024 on CUDA, 256 on the CPU]", 256);
        var tokens = CliValues.Int("--tokens", "Caption tokens, 1 to 4096. [default: 120]", 120);
        var command = new Command("denoiser", "Time one denoiser forward (random weights of a preset, the configured device and dtype) under inference mode.");
        foreach (var o in new Option[] { preset, size, tokens, Batch, Warmup, Steady, Iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            Check(result.GetValue(size), "--size", 16, GenerationPlanner.MaxSide, multipleOf: 16);
            Check(result.GetValue(tokens), "--tokens", 1, 4096);
            Check(result.GetValue(Batch), "--batch", 1, 64);
            CheckRuns(result);
            using var signals = new SignalCancellation();
            var (configuration, _) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result));
            // The preset depends on the device, so the runtime settings are read before the host composes the denoiser.
            var sizing = Sizing.For(UsesCuda(configuration));
            var presetName = result.GetValue(preset) ?? sizing.Preset;
            var overrides = new List<KeyValuePair<string, string?>>
            {
                new("PixArt:Denoiser:Type", "pixart-transformer"),
                new("PixArt:Denoiser:Preset", presetName),
                new("PixArt:Denoiser:TimestepConditioning:Type", "adaln-single"),
                new("PixArt:Denoiser:TextConditioning:Type", "cross-attention"),
            };
            var (withDenoiser, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result), overrides);
            using var host = CliHost.Build(withDenoiser, baseDirectory, new[] { PipelineSlots.Denoiser.AsRequired() }, AutoDTypePolicy.Generation);
            var activator = host.Services.GetRequiredService<ComponentActivator>();
            var selection = host.Services.GetRequiredService<ComponentSelections>().Get(PipelineSlots.Denoiser);
            using var denoiser = activator.Factory<IDenoiserFactory>(selection).Create(activator.Context(selection));
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            int batch = result.GetValue(Batch) ?? 2, side = result.GetValue(size) ?? sizing.Size, captionTokens = result.GetValue(tokens) ?? 120, latent = side / 8;
            var (warmup, iterations) = (result.GetValue(Warmup) ?? sizing.Warmup, result.GetValue(Iterations) ?? sizing.Iterations);
            using var inference = torch.inference_mode();
            using var scope = NewDisposeScope();
            var x = randn(new long[] { batch, denoiser.Info.InChannels, latent, latent }, runtime.DType, runtime.Device);
            var t = randint(0, 1000, new long[] { batch }, ScalarType.Float32, runtime.Device);
            var condition = new ConditionInput
            {
                Caption = randn(new long[] { batch, captionTokens, denoiser.TextConditioning.CaptionChannels ?? denoiser.Info.Dimensions.CaptionChannels }, runtime.DType, runtime.Device),
                CaptionMask = ones(new long[] { batch, captionTokens }, ScalarType.Int64, runtime.Device),
                Resolution = full(new long[] { batch, 2 }, (float)side, ScalarType.Float32, runtime.Device),
                AspectRatio = ones(new long[] { batch, 1 }, ScalarType.Float32, runtime.Device),
            };
            var timer = new BenchTimer(runtime.Device);
            var what = $"preset={presetName} size={side} batch={batch} tokens={captionTokens} device={runtime.Device} dtype={RuntimeOptions.DTypeName(runtime.DType)}";
            // A whole forward (the condition prepared inside it, as diffusers' transformer call) and a sampler step as
            // generation runs it (the caption projection, attention bias and every block's keys and values prepared once
            // before the loop), run by run in turn, so that load and clock drift fall on both alike.
            using var prepared = denoiser.Prepare(condition);
            var (whole, step) = Interleaved(timer, warmup, iterations, result.GetValue(Steady),
                () => denoiser.Forward(x, t, condition), () => denoiser.Forward(x, t, prepared), signals.Token);
            // The forward's line comes last: the anchor scripts read the last RESULT line.
            Console.WriteLine($"RESULT denoiser-step {what} {BenchTimer.Summary(step.Times)}");
            Console.WriteLine($"RESULT denoiser {what} {BenchTimer.Summary(whole.Times)}");
            var ratios = step.Times.Zip(whole.Times, (s, w) => s / w).ToList();
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  denoiser-step / denoiser, run by run: median {BenchTimer.Median(ratios):F3} (min {ratios.Min():F3}, max {ratios.Max():F3})"));
            Console.WriteLine($"  denoiser: {whole.Warmup.Summary}");
            Console.WriteLine($"  denoiser-step: {step.Warmup.Summary}");
            foreach (var line in timer.Footer(runtime.DType)) Console.WriteLine($"  {line}");
            return CliErrors.Ok;
        }));
        return command;
    }

    // Warms up and times two kinds of run in turn (the first of each pair alternating), so that a change of load or clock
    // during the benchmark shows in both; each keeps its own warm-up.
    private static ((List<double> Times, WarmupRuns Warmup) A, (List<double> Times, WarmupRuns Warmup) B) Interleaved(
        BenchTimer timer, int warmup, int iterations, bool steady, Func<Tensor> a, Func<Tensor> b, CancellationToken cancellation)
    {
        var (warmA, warmB) = (new WarmupRuns(warmup, steady), new WarmupRuns(warmup, steady));
        while (warmA.NeedsMore || warmB.NeedsMore)
        {
            cancellation.ThrowIfCancellationRequested();
            if (warmA.NeedsMore) warmA.Add(timer.Time(a));
            if (warmB.NeedsMore) warmB.Add(timer.Time(b));
        }
        var (timesA, timesB) = (new List<double>(iterations), new List<double>(iterations));
        for (var i = 0; i < iterations; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (i % 2 == 0)
            {
                timesA.Add(timer.Time(a));
                timesB.Add(timer.Time(b));
            }
            else
            {
                timesB.Add(timer.Time(b));
                timesA.Add(timer.Time(a));
            }
        }
        return ((timesA, warmA), (timesB, warmB));
    }

    private static Command GenerateBench()
    {
        var model = new Option<string?>("--model") { Description = "Hugging Face PixArt folder. [default: the embedded emoji model, or --random-weights]" };
        var random = new Option<bool>("--random-weights") { Description = "Full-size PixArt-XL-2-1024-MS pipeline with random weights: XL transformer, T5-XXL-sized encoder, SD VAE (models/configs)." };
        var size = CliValues.Int("--size", $"Image side in pixels: 0 (the model's native size) or a multiple of 16 up to {GenerationPlanner.MaxSide}. [default: 0]", 256);
        var steps = CliValues.Int("--steps", "Sampler steps, 1 to 1000. [default: 20]", 20);
        var command = new Command("generate", "Time the whole generation pipeline (encode, denoise, decode) for one prompt with classifier-free guidance.");
        foreach (var o in new Option[] { model, random, size, steps, Warmup, Steady, Iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            CheckRuns(result);
            using var signals = new SignalCancellation();
            var modelKeys = new List<KeyValuePair<string, string?>>();
            if (result.GetValue(random)) modelKeys.AddRange(RandomXlPipeline());
            else modelKeys.AddRange(ModelFolder.Read(result.GetValue(model) ?? EmbeddedDefaultModel.EnsureExists()));
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result), modelKeys);
            using var host = CliHost.Build(configuration, baseDirectory, PipelineSlots.Generation, AutoDTypePolicy.Generation);
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            var sizing = Sizing.For(runtime.Device.type == DeviceType.CUDA);
            var (warmup, iterations) = (result.GetValue(Warmup) ?? sizing.Warmup, result.GetValue(Iterations) ?? sizing.Iterations);
            var side = result.GetValue(size) ?? 0;
            var request = new GenerationRequest { Prompts = ["a photograph of an astronaut riding a horse"], Width = side, Height = side, Seed = 0, Steps = result.GetValue(steps) ?? 20 };
            GenerationPlan plan;
            try
            {
                plan = host.Services.GetRequiredService<GenerationPlanner>().Plan(request);
            }
            catch (GenerationRequestException e)
            {
                // Width and Height both come from --size: one problem each would say the same twice.
                throw new ConfigurationException(e.Problems.Select(p => new ConfigProblem(
                    p.Field switch { nameof(GenerationRequest.Width) or nameof(GenerationRequest.Height) => "--size", nameof(GenerationRequest.Steps) => "--steps", _ => p.Field },
                    p.Value, p.Message)).Distinct().ToList());
            }
            var service = host.Services.GetRequiredService<GenerationService>();
            var timer = new BenchTimer(runtime.Device);
            var parts = new Dictionary<string, List<double>> { ["encode"] = new(), ["denoise"] = new(), ["decode"] = new(), ["total"] = new() };
            double Generate(bool measured)
            {
                var stage = new StageTimer(timer, measured ? parts : null);
                timer.Start();
                var total = System.Diagnostics.Stopwatch.StartNew();
                foreach (var image in service.Run(plan, stage, signals.Token)) image.Dispose();
                signals.Token.ThrowIfCancellationRequested();
                stage.Finish();
                return total.Elapsed.TotalMilliseconds;
            }
            var warmups = new WarmupRuns(warmup, result.GetValue(Steady));
            while (warmups.NeedsMore) warmups.Add(Generate(measured: false));
            for (var i = 0; i < iterations; i++) parts["total"].Add(Generate(measured: true));
            var name = service.Model.Name;
            Console.WriteLine($"RESULT generate model={name} steps={plan.Steps} size={plan.Size.OutputWidth} device={runtime.Device} dtype={RuntimeOptions.DTypeName(runtime.DType)}");
            foreach (var (part, samples) in parts) Console.WriteLine($"  {part,-8} {BenchTimer.Summary(samples)}");
            Console.WriteLine($"  {warmups.Summary}");
            foreach (var line in timer.Footer(runtime.DType)) Console.WriteLine($"  {line}");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static void CheckRuns(ParseResult result)
    {
        Check(result.GetValue(Warmup), "--warmup", 0, 1000);
        Check(result.GetValue(Iterations), "--iterations", 1, 10000);
    }

    /// <summary>Refuses <paramref name="value"/> of <paramref name="flag"/> outside [<paramref name="min"/>, <paramref name="max"/>] or off a multiple (before any work).</summary>
    internal static void Check(int? value, string flag, int min, int max, int multipleOf = 1)
    {
        if (value is not { } v) return;
        if (v < min || v > max || v % multipleOf != 0)
            throw new CliUsageException($"{flag} = '{v}': must be {(multipleOf > 1 ? $"a multiple of {multipleOf} " : "")}between {min} and {max}");
    }

    // Read before the host starts (the preset depends on it); touches no TorchSharp type before libtorch is loaded.
    private static bool UsesCuda(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var problems = new List<ConfigProblem>();
        var options = (PixArt.Hosting.Runtime.RuntimeOptions)OptionsBinder.Bind(typeof(PixArt.Hosting.Runtime.RuntimeOptions),
            configuration.GetSection(PixArt.Hosting.Runtime.RuntimeOptions.SectionPath), problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return options.Device.StartsWith("cuda", StringComparison.Ordinal)
               || (options.Device == "auto" && LibTorchRuntime.EnsureInitialized(options.LibTorchPath, true).CudaAvailable);
    }

    /// <summary>Configuration of the full-size pipeline with random weights (nothing to download).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> RandomXlPipeline()
    {
        var configs = Path.Combine(AppContext.BaseDirectory, "models", "configs");
        var tokenizer = Path.Combine(EmbeddedDefaultModel.Shipped(EmbeddedDefaultModel.TinyRandomName), "tokenizer"); // T5's SentencePiece model
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
