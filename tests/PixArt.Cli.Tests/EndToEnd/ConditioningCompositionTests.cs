using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Hosting.Composition;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Cli.Tests.EndToEnd;

/// <summary>
/// The same backbone serves the class-conditional stage-1 model and the text-conditional PixArt-α: only the
/// configuration's conditioning <c>Type</c>s change, resolved against the built-in plugins loaded from their folder.
/// </summary>
[Collection("cli")]
public sealed class ConditioningCompositionTests
{
    private static DenoiserModule Create(IHost host)
    {
        var activator = host.Services.GetRequiredService<ComponentActivator>();
        var selection = host.Services.GetRequiredService<ComponentSelections>().Get(PipelineSlots.Denoiser);
        return activator.Factory<IDenoiserFactory>(selection).Create(activator.Context(selection));
    }

    private static IHost Compose(string timestep, string text, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["PixArt:Denoiser:Type"] = "pixart-transformer",
            ["PixArt:Denoiser:HiddenSize"] = "48", ["PixArt:Denoiser:Depth"] = "2", ["PixArt:Denoiser:Heads"] = "4",
            ["PixArt:Denoiser:SampleSize"] = "8", ["PixArt:Denoiser:CaptionChannels"] = "16", ["PixArt:Denoiser:CaptionTokens"] = "6",
            ["PixArt:Denoiser:TimestepConditioning:Type"] = timestep,
            ["PixArt:Denoiser:TextConditioning:Type"] = text,
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return ComposedHost.Start(settings, slots: new[] { PipelineSlots.Denoiser.AsRequired() });
    }

    [Fact]
    public void ClassConditionalModelFromConfigurationTrainsForwardAndBackward()
    {
        using var provider = Compose("adaln-zero", "class-label", ("PixArt:Denoiser:TextConditioning:NumClasses", "10"));
        using var model = Create(provider);
        Assert.Equal("AdaLnZeroConditioning", model.TimestepConditioning.GetType().Name);
        Assert.Equal("ClassLabelConditioning", model.TextConditioning.GetType().Name);
        Assert.Null(model.TextConditioning.CaptionChannels);

        var generator = new Generator(3);
        using var x = randn(new long[] { 2, 4, 8, 8 }, generator: generator);
        using var t = tensor(new float[] { 10, 900 });
        using var labels = tensor(new long[] { 3, 7 });
        using var output = model.Forward(x, t, new ConditionInput { ClassLabels = labels });
        Assert.Equal(new long[] { 2, 8, 8, 8 }, output.shape);
        // The final layer and the adaLN-zero modulation start at zero (as in DiT), so gradients first reach those layers.
        using var target = randn(new long[] { 2, 8, 8, 8 }, generator: generator);
        using var loss = (output - target).square().mean();
        loss.backward();
        var trainable = model.parameters().Where(p => p.requires_grad).ToList();
        Assert.All(trainable, p => Assert.NotNull(p.grad));
        Assert.Contains(trainable, p => p.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void TextConditionalModelFromTheSameBackboneByConfigurationAlone()
    {
        using var provider = Compose("adaln-single", "cross-attention");
        using var model = Create(provider);
        Assert.Equal("AdaLnSingleConditioning", model.TimestepConditioning.GetType().Name);
        Assert.Equal(16, model.TextConditioning.CaptionChannels);

        using var inference = inference_mode();
        using var x = randn(2, 4, 8, 8);
        using var t = tensor(new float[] { 10, 900 });
        using var caption = randn(2, 6, 16);
        using var mask = ones(new long[] { 2, 6 }, ScalarType.Int64);
        using var output = model.Forward(x, t, new ConditionInput { Caption = caption, CaptionMask = mask });
        Assert.Equal(new long[] { 2, 8, 8, 8 }, output.shape);
    }

    [Fact]
    public void UnknownConditioningTypeIsReportedWithTheLoadedOnes()
    {
        var e = Assert.Throws<PixArt.Hosting.Configuration.ConfigurationException>(() => Compose("adaln-single", "clip-attention"));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("PixArt:Denoiser:TextConditioning:Type", problem.Path);
        Assert.Contains("loaded: class-label, cross-attention", problem.Message);
    }
}
