using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Weights;
using PixArt.Plugins.AdaLnSingle;
using PixArt.Plugins.ClassConditioning;
using PixArt.Plugins.CrossAttention;
using PixArt.Plugins.Transformer;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

/// <summary>Builds denoiser contexts the way the host does: options plus resolved conditioning children.</summary>
internal static class TestComponents
{
    public static IServiceProvider Services { get; } =
        new ServiceCollection().AddSingleton<IWeightStore>(new WeightStore()).BuildServiceProvider();

    public static ComponentContext Context(PixArtTransformerOptions? options = null, string timestep = "adaln-single", string text = "cross-attention",
        object? timestepOptions = null, object? textOptions = null, RuntimeContext? runtime = null)
    {
        runtime ??= RuntimeContext.Cpu();
        ResolvedComponent Child(string name, string type, object factory, object childOptions) =>
            new(factory, new ComponentContext(childOptions, runtime, $"PixArt:Denoiser:{name}", services: Services), type);
        var children = new Dictionary<string, ResolvedComponent>
        {
            [PixArtTransformerFactory.TimestepChild] = timestep switch
            {
                "adaln-single" => Child(PixArtTransformerFactory.TimestepChild, timestep, new AdaLnSingleFactory(), timestepOptions ?? new AdaLnSingleOptions()),
                "adaln-zero" => Child(PixArtTransformerFactory.TimestepChild, timestep, new AdaLnZeroFactory(), timestepOptions ?? new AdaLnZeroOptions()),
                _ => throw new ArgumentException(timestep),
            },
            [PixArtTransformerFactory.TextChild] = text switch
            {
                "cross-attention" => Child(PixArtTransformerFactory.TextChild, text, new CrossAttentionFactory(), textOptions ?? new CrossAttentionOptions()),
                "class-label" => Child(PixArtTransformerFactory.TextChild, text, new ClassLabelFactory(), textOptions ?? new ClassLabelOptions()),
                _ => throw new ArgumentException(text),
            },
        };
        return new ComponentContext(options ?? new PixArtTransformerOptions(), runtime, "PixArt:Denoiser", services: Services, children: children);
    }

    /// <summary>The explicit dimension options equal to a case's diffusers config.</summary>
    public static PixArtTransformerOptions OptionsFrom(PixArtTransformerConfig c, string? weights = null) => new()
    {
        HiddenSize = c.HiddenSize, Depth = c.Depth, Heads = c.Heads, PatchSize = c.PatchSize, InChannels = c.InChannels,
        OutChannels = c.OutChannels, SampleSize = c.SampleSize, CaptionChannels = c.CaptionChannels,
        InterpolationScale = c.InterpolationScale, Weights = weights,
    };

    public static PixArtTransformerConfig Config(GoldenCase golden) => PixArtTransformerConfig.FromDiffusersConfig(golden.Get("config"), source: golden.Folder);

    /// <summary>The case's condition: caption, mask (1 = keep) and, when present, the micro-conditions.</summary>
    public static ConditionInput Condition(GoldenCase golden) => new()
    {
        Caption = golden.Tensor("input.y"),
        CaptionMask = golden.Tensor("input.mask"),
        Resolution = golden.Has("input.resolution") ? golden.Tensor("input.resolution") : null,
        AspectRatio = golden.Has("input.aspect_ratio") ? golden.Tensor("input.aspect_ratio") : null,
    };

    public static Tensor Run(PixArt.Abstractions.Denoising.DenoiserModule model, GoldenCase golden)
    {
        using var inference = inference_mode();
        return model.Forward(golden.Tensor("input.x"), golden.Tensor("input.timestep"), Condition(golden));
    }
}
