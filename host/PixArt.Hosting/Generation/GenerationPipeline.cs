using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Abstractions.Text;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Startup;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Prompt in, pixels out: text encoder → classifier-free guidance (learned null caption or encoded negative prompt) →
/// sampler loop → latent decode, with aspect-ratio binning and micro-conditions for multi-scale models.
/// Runs synchronously on the calling thread (dispose scopes and grad mode are per thread).
/// </summary>
public sealed class GenerationPipeline : IDisposable
{
    private readonly ISamplerFactory _samplerFactory;
    private readonly ComponentContext _samplerContext;
    private readonly IRuntimeContext _runtime;

    /// <summary>Creates a pipeline from loaded components (owned: disposed with the pipeline).</summary>
    public GenerationPipeline(DenoiserModule denoiser, ILatentCodec codec, ITextEncoder? textEncoder,
        ISamplerFactory samplerFactory, ComponentContext samplerContext, IRuntimeContext runtime, GenerationOptions options, string modelName)
    {
        Denoiser = denoiser;
        Codec = codec;
        TextEncoder = textEncoder;
        _samplerFactory = samplerFactory;
        _samplerContext = samplerContext;
        _runtime = runtime;
        Options = options;
        ModelName = modelName;
        SamplerOptions = samplerContext.GetOptions<SamplerOptions>();
        SamplerType = samplerContext.Section?["Type"] ?? "sampler";
    }

    /// <summary>The denoiser.</summary>
    public DenoiserModule Denoiser { get; }

    /// <summary>The latent codec.</summary>
    public ILatentCodec Codec { get; }

    /// <summary>The text encoder (null when conditioning comes from precomputed embeddings).</summary>
    public ITextEncoder? TextEncoder { get; }

    /// <summary>Generation defaults.</summary>
    public GenerationOptions Options { get; }

    /// <summary>Steps and guidance of the configured sampler.</summary>
    public SamplerOptions SamplerOptions { get; }

    /// <summary>The configured sampler's type id.</summary>
    public string SamplerType { get; }

    /// <summary>What is recorded as the model in image metadata.</summary>
    public string ModelName { get; }

    /// <summary>Pixels per token side: codec downsample × patch size. Width and height must be multiples of it.</summary>
    public int SizeMultiple => Codec.DownsampleFactor * Denoiser.Info.PatchSize;

    /// <summary>The model's native image side in pixels.</summary>
    public int NativeSize => Denoiser.Info.SampleSize * Codec.DownsampleFactor;

    /// <summary>Creates every configured component through its plugin (text encoder optional).</summary>
    public static GenerationPipeline Create(IServiceProvider services)
    {
        var environment = services.GetRequiredService<PixArtEnvironment>();
        var activator = services.GetRequiredService<ComponentActivator>();
        var options = environment.Generation;

        var denoiserSelection = environment.Selection(PipelineSlots.Denoiser);
        var codecSelection = environment.Selection(PipelineSlots.Codec);
        var samplerSelection = environment.Selection(PipelineSlots.Sampler);
        environment.Selections.TryGetValue(PipelineSlots.TextEncoder.Path, out var encoderSelection);

        DenoiserModule? denoiser = null;
        ILatentCodec? codec = null;
        ITextEncoder? encoder = null;
        try
        {
            denoiser = activator.Factory<IDenoiserFactory>(denoiserSelection).Create(activator.Context(denoiserSelection));
            codec = activator.Factory<ILatentCodecFactory>(codecSelection).Create(activator.Context(codecSelection));
            if (encoderSelection is not null)
                encoder = activator.Factory<ITextEncoderFactory>(encoderSelection).Create(activator.Context(encoderSelection));
            CheckCompatibility(denoiser, codec, encoder, encoderSelection, denoiserSelection);
            CheckSampler(activator.Factory<ISamplerFactory>(samplerSelection), activator.Context(samplerSelection), denoiser, environment.Runtime, samplerSelection);
            var modelName = environment.Configuration["PixArt:Model:Name"] ?? denoiserSelection.Section["Weights"] ?? denoiserSelection.Component.TypeId;
            return new GenerationPipeline(denoiser, codec, encoder, activator.Factory<ISamplerFactory>(samplerSelection),
                activator.Context(samplerSelection), environment.Runtime, options, modelName);
        }
        catch
        {
            encoder?.Dispose();
            codec?.Dispose();
            denoiser?.Dispose();
            throw;
        }
    }

    private static void CheckCompatibility(DenoiserModule denoiser, ILatentCodec codec, ITextEncoder? encoder,
        ComponentSelection? encoderSelection, ComponentSelection denoiserSelection)
    {
        var problems = new List<ConfigProblem>();
        if (codec.LatentChannels != denoiser.Info.InChannels)
            problems.Add(new ConfigProblem(PipelineSlots.Codec.Path, null,
                $"the codec has {codec.LatentChannels} latent channels but the denoiser ({denoiserSelection.Section.Path}) takes {denoiser.Info.InChannels}"));
        var captionChannels = denoiser.TextConditioning.CaptionChannels;
        if (encoder is not null && captionChannels is { } c && encoder.HiddenSize != c)
            problems.Add(new ConfigProblem(encoderSelection!.Section.Path, null,
                $"the text encoder produces {encoder.HiddenSize}-wide tokens but the denoiser's caption channels are {c}; choose an encoder matching the denoiser"));
        if (problems.Count > 0) throw new ConfigurationException(problems);
    }

    // A sampler that needs the learned variance (IDDPM) cannot run on a denoiser that does not predict it.
    private static void CheckSampler(ISamplerFactory factory, ComponentContext context, DenoiserModule denoiser, IRuntimeContext runtime, ComponentSelection selection)
    {
        var noise = runtime.CreateNoiseSource(0);
        try
        {
            using var sampler = factory.Create(context, noise);
            if (sampler.UsesLearnedVariance && !denoiser.Info.LearnedSigma)
                throw new ConfigurationException(new[] { new ConfigProblem($"{selection.Section.Path}:Type", selection.Component.TypeId,
                    $"this sampler needs the learned variance, but the denoiser ({PipelineSlots.Denoiser.Path}) predicts {denoiser.Info.OutChannels} channels without it; choose another sampler or a model with LearnSigma") });
        }
        finally
        {
            (noise as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Generates the images of <paramref name="request"/>. Checks every input before any work; reports progress per
    /// stage and step; cancellation is honoured between steps (nothing is returned then).
    /// </summary>
    public IReadOnlyList<GeneratedImage> Generate(GenerationRequest request, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        if (TextEncoder is null) throw new InvalidOperationException("no text encoder is configured (PixArt:TextEncoder); use Denoise/Decode with precomputed embeddings");
        var plan = Plan(request);
        var guidance = SamplerOptions.GuidanceScale;
        var mode = guidance > 1 ? UnconditionalMode(request.NegativePrompt) : "none";
        var prompts = request.Prompts.SelectMany(p => Enumerable.Repeat(p, request.NumImages)).ToList();
        var seeds = Enumerable.Range(0, prompts.Count).Select(i => request.Seed + i).ToList();
        using var inference = torch.inference_mode();
        using var scope = NewDisposeScope();

        progress?.Report(new ProgressUpdate("encode", 0, 1, $"{prompts.Count} prompt(s)"));
        using var embedding = TextEncoder.Encode(prompts);
        var condition = WithMicroConditions(new ConditionInput { Caption = embedding.Tokens, CaptionMask = embedding.Mask }, plan, prompts.Count);
        ConditionInput? unconditional = null;
        TextEmbedding? negative = null;
        if (guidance > 1)
        {
            if (mode == "learned-null")
            {
                unconditional = Denoiser.NullCondition(condition);
            }
            else
            {
                // One encoding of the negative prompt, shared by every image of the batch.
                negative = TextEncoder.Encode(new[] { request.NegativePrompt });
                var tokens = negative.Tokens.expand(prompts.Count, -1, -1);
                var mask = negative.Mask.expand(prompts.Count, -1);
                unconditional = WithMicroConditions(new ConditionInput { Caption = tokens, CaptionMask = mask }, plan, prompts.Count);
            }
        }
        progress?.Report(new ProgressUpdate("encode", 1, 1));

        try
        {
            var latentShape = new long[] { 1, Codec.LatentChannels, plan.Height / Codec.DownsampleFactor, plan.Width / Codec.DownsampleFactor };
            var initial = cat(seeds.Select(s =>
            {
                var source = _runtime.CreateNoiseSource(s);
                try { return source.StandardNormal(latentShape, ScalarType.Float32, _runtime.Device); }
                finally { (source as IDisposable)?.Dispose(); }
            }).ToArray(), 0);
            var samplerNoise = _runtime.CreateNoiseSource(request.Seed + SamplerNoiseOffset);
            progress?.Report(new ProgressUpdate(DenoisingLoop.Stage, 0, SamplerOptions.Steps));
            Tensor latents;
            try
            {
                latents = Denoise(initial, condition, unconditional, guidance, SamplerOptions.Steps, samplerNoise, progress, cancellationToken);
            }
            finally
            {
                (samplerNoise as IDisposable)?.Dispose();
            }
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(new ProgressUpdate("decode", 0, 1));
            var images = Decode(latents);
            if (plan.Binned) images = ResizeAndCrop(images, request.Height == 0 ? plan.Height : request.Height, request.Width == 0 ? plan.Width : request.Width);
            progress?.Report(new ProgressUpdate("decode", 1, 1));

            var result = new List<GeneratedImage>();
            for (var i = 0; i < prompts.Count; i++)
            {
                var pixels = images[i].to(ScalarType.Float32, CPU).contiguous().MoveToOuterDisposeScope();
                result.Add(new GeneratedImage(pixels, Parameters(prompts[i], request, seeds[i], mode, guidance, pixels, embedding.Truncated.Contains(i), plan)));
            }
            return result;
        }
        finally
        {
            negative?.Dispose();
        }
    }

    /// <summary>Offset between an image seed and the seed of the sampler's own noise stream (stochastic samplers).</summary>
    public const long SamplerNoiseOffset = 1_000_003;

    /// <summary>
    /// Runs the sampler from <paramref name="initialLatents"/> (unscaled standard normal, float32) to clean latents, with
    /// guidance when <paramref name="guidanceScale"/> &gt; 1 and <paramref name="unconditional"/> is given. Returns float32 latents.
    /// </summary>
    public Tensor Denoise(Tensor initialLatents, ConditionInput condition, ConditionInput? unconditional, double guidanceScale, int steps,
        INoiseSource samplerNoise, IProgress<ProgressUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        using var scope = NewDisposeScope(); // frees the concatenated guidance batch and the scaled start
        using var sampler = _samplerFactory.Create(_samplerContext, samplerNoise);
        sampler.SetTimesteps(steps);
        var guided = guidanceScale > 1 && unconditional is not null;
        var both = guided ? ConditionInput.Concat(unconditional!, condition) : condition;
        var dtype = _runtime.DType;
        Tensor Model(Tensor x, float t)
        {
            using var timesteps = full(new[] { x.shape[0] }, t, ScalarType.Float32, x.device);
            using var input = x.to(dtype);
            using var output = Denoiser.Forward(input, timesteps, both);
            return output.to(ScalarType.Float32);
        }
        var start = initialLatents.to(ScalarType.Float32); // DenoisingLoop scales it by the sampler's InitNoiseSigma
        var latents = DenoisingLoop.Run(sampler, start, Model, guided ? guidanceScale : 1.0, Denoiser.Info.InChannels, progress, cancellationToken);
        return scope.MoveToOuter(latents);
    }

    /// <summary>Decodes diffusion latents to images in [0, 1] <c>[B, 3, H, W]</c> (float32).</summary>
    public Tensor Decode(Tensor latents)
    {
        using var scope = NewDisposeScope();
        var z = latents.div(Codec.ScalingFactor).to(_runtime.DType);
        var images = Codec.Decode(z).to(ScalarType.Float32);
        return images.add(1).div(2).clamp(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The unconditional branch to use: <c>auto</c> takes the learned null caption when the checkpoint has one, no negative
    /// prompt is given and its length matches the text encoder's; otherwise the encoded negative prompt. An explicit
    /// <c>learned-null</c> that cannot work is a configuration error naming the key to change.
    /// </summary>
    private string UnconditionalMode(string negativePrompt)
    {
        var learned = Denoiser.TextConditioning.HasLearnedNullCondition;
        var lengthMatches = TextEncoder is null || Denoiser.Info.Dimensions.CaptionTokens == TextEncoder.MaxLength;
        if (Options.Unconditional == "auto")
            return learned && negativePrompt.Length == 0 && lengthMatches ? "learned-null" : "negative-prompt";
        if (Options.Unconditional != "learned-null") return Options.Unconditional;

        var key = $"{GenerationOptions.SectionPath}:Unconditional";
        if (!learned)
            throw new ConfigurationException(new[] { new ConfigProblem(key, "learned-null",
                "the denoiser's checkpoint carries no learned null caption (diffusers files have none); use negative-prompt or auto") });
        if (negativePrompt.Length > 0)
            throw new ConfigurationException(new[] { new ConfigProblem(key, "learned-null",
                "a negative prompt was given, but learned-null guidance ignores it; use negative-prompt or auto") });
        if (!lengthMatches)
            throw new ConfigurationException(new[] { new ConfigProblem($"{PipelineSlots.TextEncoder.Path}:MaxLength", TextEncoder!.MaxLength.ToString(CultureInfo.InvariantCulture),
                $"the denoiser's learned null caption has {Denoiser.Info.Dimensions.CaptionTokens} tokens; set MaxLength to that or use {key} = negative-prompt") });
        return "learned-null";
    }

    private sealed record SizePlan(int Height, int Width, bool Binned);

    private SizePlan Plan(GenerationRequest request)
    {
        var problems = new List<ConfigProblem>();
        if (request.Prompts.Count == 0) problems.Add(new ConfigProblem("--prompt", null, "at least one prompt is required"));
        var height = request.Height == 0 ? NativeSize : request.Height;
        var width = request.Width == 0 ? NativeSize : request.Width;
        foreach (var (name, value) in new[] { ("Height", height), ("Width", width) })
            if (value <= 0 || value % SizeMultiple != 0)
                problems.Add(new ConfigProblem($"{GenerationOptions.SectionPath}:{name}", value.ToString(CultureInfo.InvariantCulture),
                    $"must be a positive multiple of {SizeMultiple} (codec downsample {Codec.DownsampleFactor} × patch {Denoiser.Info.PatchSize})"));
        if (problems.Count > 0) throw new ConfigurationException(problems);
        if (Options.AspectRatioBinning && Denoiser.TimestepConditioning.UsesMicroConditions)
        {
            var bucket = AspectRatioBuckets.Nearest(height, width, NativeSize, inference: true);
            // Tables scaled to an unusual native size can land between token sizes: keep whole tokens.
            int binnedHeight = RoundTo(bucket.Height, SizeMultiple), binnedWidth = RoundTo(bucket.Width, SizeMultiple);
            return new SizePlan(binnedHeight, binnedWidth, binnedHeight != height || binnedWidth != width);
        }
        return new SizePlan(height, width, false);
    }

    private static int RoundTo(int value, int multiple) => Math.Max(multiple, (int)Math.Round((double)value / multiple) * multiple);

    private ConditionInput WithMicroConditions(ConditionInput condition, SizePlan plan, int batch)
    {
        if (!Denoiser.TimestepConditioning.UsesMicroConditions) return condition;
        var resolution = tensor(new float[] { plan.Height, plan.Width }, device: _runtime.Device).expand(batch, 2).contiguous();
        var aspect = full(new long[] { batch, 1 }, (float)plan.Height / plan.Width, ScalarType.Float32, _runtime.Device);
        return condition with { Resolution = resolution, AspectRatio = aspect };
    }

    private static Tensor ResizeAndCrop(Tensor images, int height, int width)
    {
        // Scale so the image covers the requested size, then crop the centre (diffusers' resize_and_crop_tensor).
        var scale = Math.Max((double)height / images.shape[2], (double)width / images.shape[3]);
        var newHeight = (long)Math.Round(images.shape[2] * scale);
        var newWidth = (long)Math.Round(images.shape[3] * scale);
        var resized = nn.functional.interpolate(images, new[] { newHeight, newWidth }, mode: InterpolationMode.Bilinear, align_corners: false);
        var top = (newHeight - height) / 2;
        var left = (newWidth - width) / 2;
        return resized.narrow(2, top, height).narrow(3, left, width).clamp(0, 1);
    }

    private Dictionary<string, string> Parameters(string prompt, GenerationRequest request, long seed, string mode, double guidance, Tensor pixels, bool truncated, SizePlan plan)
    {
        var p = new Dictionary<string, string>
        {
            ["prompt"] = prompt,
            ["negative_prompt"] = request.NegativePrompt,
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["sampler"] = SamplerType,
            ["steps"] = SamplerOptions.Steps.ToString(CultureInfo.InvariantCulture),
            ["guidance"] = guidance.ToString(CultureInfo.InvariantCulture),
            ["size"] = $"{pixels.shape[2]}x{pixels.shape[1]}",
            ["model"] = ModelName,
            ["unconditional"] = guidance > 1 ? mode : "none",
            ["software"] = "PixArt.Framework " + typeof(GenerationPipeline).Assembly.GetName().Version?.ToString(3),
        };
        if (truncated) p["prompt_truncated"] = "true";
        if (plan.Binned) p["bucket"] = $"{plan.Width}x{plan.Height}";
        return p;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        TextEncoder?.Dispose();
        Codec.Dispose();
        Denoiser.Dispose();
    }
}
