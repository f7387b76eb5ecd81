using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Generation;
using static TorchSharp.torch;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// pipeline_tiny: the diffusers PixArtAlphaPipeline from given prompt/negative embeddings and initial latents, composed here
/// from configuration and the built-in plugins (transformer, DPM-Solver++ in its diffusers flavour, SD VAE).
/// </summary>
[Collection("cli")]
public sealed class PipelineConformanceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static ServiceProvider Compose(TinyModelFolder model, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PixArt:Denoiser:Type"] = "pixart-transformer",
            ["PixArt:Denoiser:Weights"] = Path.Combine(model.Path, "transformer"),
            ["PixArt:Denoiser:TimestepConditioning:Type"] = "adaln-single",
            ["PixArt:Denoiser:TextConditioning:Type"] = "cross-attention",
            ["PixArt:Sampler:Type"] = "dpm-solver",
            ["PixArt:Codec:Type"] = "sd-vae",
            ["PixArt:Codec:Path"] = Path.Combine(model.Path, "vae"),
        };
        foreach (var (k, v) in extra) settings[k] = v;
        var services = new ServiceCollection();
        services.AddPixArt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), model.Path,
            new[] { PipelineSlots.TextEncoder, PipelineSlots.Denoiser.AsRequired(), PipelineSlots.Sampler.AsRequired(), PipelineSlots.Codec.AsRequired() });
        return services.BuildServiceProvider();
    }

    [Fact]
    public void MatchesTheDiffusersPipelineFromEmbeddingsAndLatents()
    {
        using var golden = GoldenData.Open("pipeline_tiny");
        using var model = new TinyModelFolder();
        var guidance = golden.Get("guidance_scale").GetDouble();
        var steps = golden.Get("steps").GetInt32();
        using var provider = Compose(model, ("PixArt:Sampler:GuidanceScale", guidance.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var pipeline = GenerationPipeline.Create(provider);

        using var latents = golden.Tensor("latents");
        using var prompt = golden.Tensor("prompt_embeds");
        using var promptMask = golden.Tensor("prompt_mask");
        using var negative = golden.Tensor("negative_embeds");
        using var negativeMask = golden.Tensor("negative_mask");
        using var expected = golden.Tensor("image");
        using var noDraws = zeros(0);
        var noise = new PixArt.Abstractions.Testing.RecordedNoiseSource(noDraws);
        using var inference = inference_mode();
        using var denoised = pipeline.Denoise(latents,
            new ConditionInput { Caption = prompt, CaptionMask = promptMask },
            new ConditionInput { Caption = negative, CaptionMask = negativeMask },
            guidance, steps, noise);
        using var image = pipeline.Decode(denoised);

        output.WriteLine($"pipeline_tiny relative error {TensorAssert.RelativeError(image, expected):E3} (tolerance {golden.ToleranceRel:E1})");
        TensorAssert.Close(image, expected, golden.ToleranceRel, "pipeline_tiny image");
        Assert.Equal(0, noise.Consumed);
    }

    [Fact]
    public void CancellationStopsBetweenStepsAndReturnsNothing()
    {
        using var model = new TinyModelFolder();
        using var provider = Compose(model, ("PixArt:TextEncoder:Type", "t5"), ("PixArt:TextEncoder:Path", Path.Combine(model.Path, "text_encoder")),
            ("PixArt:TextEncoder:TokenizerPath", Path.Combine(model.Path, "tokenizer")));
        using var pipeline = GenerationPipeline.Create(provider);
        using var cancellation = new CancellationTokenSource();
        var steps = 0;
        var progress = new SyncProgress(p => { if (p.Stage == "denoise" && ++steps == 2) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            pipeline.Generate(new GenerationRequest(new[] { "a cat" }, "", 0, 0, 1, 1), progress, cancellation.Token));
        Assert.Equal(2, steps);
    }

    [Fact]
    public void GenerationLeavesNoTensorsBehindButItsImages()
    {
        using var model = new TinyModelFolder();
        using var provider = Compose(model, ("PixArt:TextEncoder:Type", "t5"), ("PixArt:TextEncoder:Path", Path.Combine(model.Path, "text_encoder")),
            ("PixArt:TextEncoder:TokenizerPath", Path.Combine(model.Path, "tokenizer")), ("PixArt:Sampler:Steps", "3"));
        using var pipeline = GenerationPipeline.Create(provider);
        var request = new GenerationRequest(new[] { "a cat", "a dog" }, "", 0, 0, 1, 2);
        foreach (var image in pipeline.Generate(request)) image.Dispose(); // warm-up: caches (positional embeddings) fill once

        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var images = pipeline.Generate(request);
        var live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;
        foreach (var image in images) image.Dispose();
        var afterDispose = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount - before;

        Assert.Equal(4, images.Count);
        Assert.True(live <= images.Count, $"{live} tensors alive after generating {images.Count} images");
        Assert.True(afterDispose <= 0, $"{afterDispose} tensors leaked by a generation");
    }

    [Fact]
    public void LearnedVarianceSamplerOnAModelWithoutItIsRefusedAtComposition()
    {
        // A pixel-space model (identity codec, 3 channels) without learned sigma, random weights: nothing to load.
        var settings = new Dictionary<string, string?>
        {
            ["PixArt:Denoiser:Type"] = "pixart-transformer",
            ["PixArt:Denoiser:HiddenSize"] = "32", ["PixArt:Denoiser:Depth"] = "1", ["PixArt:Denoiser:Heads"] = "2",
            ["PixArt:Denoiser:SampleSize"] = "8", ["PixArt:Denoiser:CaptionChannels"] = "8",
            ["PixArt:Denoiser:InChannels"] = "3", ["PixArt:Denoiser:OutChannels"] = "3", ["PixArt:Denoiser:LearnSigma"] = "false",
            ["PixArt:Denoiser:TimestepConditioning:Type"] = "adaln-single",
            ["PixArt:Denoiser:TextConditioning:Type"] = "cross-attention",
            ["PixArt:Sampler:Type"] = "iddpm",
            ["PixArt:Codec:Type"] = "identity",
        };
        var services = new ServiceCollection();
        services.AddPixArt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), slots:
            new[] { PipelineSlots.Denoiser.AsRequired(), PipelineSlots.Sampler.AsRequired(), PipelineSlots.Codec.AsRequired() });
        using var provider = services.BuildServiceProvider();
        var e = Assert.Throws<PixArt.Hosting.Configuration.ConfigurationException>(() => GenerationPipeline.Create(provider));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("PixArt:Sampler:Type", problem.Path);
        Assert.Contains("needs the learned variance", problem.Message);
    }

    private sealed class SyncProgress(Action<PixArt.Abstractions.Runtime.ProgressUpdate> report) : IProgress<PixArt.Abstractions.Runtime.ProgressUpdate>
    {
        public void Report(PixArt.Abstractions.Runtime.ProgressUpdate value) => report(value);
    }
}
