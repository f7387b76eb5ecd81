using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Denoising;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Weights;
using PixArt.Plugins.AdaLnSingle;
using PixArt.Plugins.ClassConditioning;
using static TorchSharp.torch;

namespace PixArt.Plugins.Transformer.Tests;

[CollectionDefinition(DenoiserConformanceTests.Collection, DisableParallelization = true)]
public sealed class DenoiserConformanceCollection { }

/// <summary>The PixArt transformer with adaLN-single and cross-attention (micro-conditions on) passes the denoiser conformance kit.</summary>
[Collection(DenoiserConformanceTests.Collection)]
public sealed class TextToImageDenoiserConformanceTests : DenoiserConformanceTests<PixArtTransformerFactory>
{
    private static PixArtTransformerOptions Options(string? weights) => new()
    {
        HiddenSize = 48, Heads = 2, Depth = 2, PatchSize = 2, SampleSize = 8, InChannels = 4, OutChannels = 8, CaptionChannels = 12,
        CaptionTokens = 5, Weights = weights,
    };

    protected override ComponentContext CreateContext(string? weights = null) =>
        TestComponents.Context(Options(weights), timestepOptions: new AdaLnSingleOptions { MicroConditions = true });

    protected override ConditionInput Condition(int batch)
    {
        using var generator = new Generator(5);
        return new ConditionInput
        {
            Caption = randn(new long[] { batch, 5, 12 }, generator: generator),
            CaptionMask = tensor(Enumerable.Range(0, batch).SelectMany(b => new long[] { 1, 1, 1, b == 0 ? 1 : 0, 0 }).ToArray()).view(batch, 5),
            Resolution = full(new long[] { batch, 2 }, 64f),
            AspectRatio = ones(batch, 1),
        };
    }

    protected override IWeightStore Store { get; } = new WeightStore();
}

/// <summary>The PixArt transformer with adaLN-Zero and class labels (the stage-1 model) passes the denoiser conformance kit.</summary>
[Collection(DenoiserConformanceTests.Collection)]
public sealed class ClassConditionalDenoiserConformanceTests : DenoiserConformanceTests<PixArtTransformerFactory>
{
    protected override ComponentContext CreateContext(string? weights = null) =>
        TestComponents.Context(new PixArtTransformerOptions { HiddenSize = 32, Heads = 2, Depth = 2, PatchSize = 2, SampleSize = 8, InChannels = 4, OutChannels = 8, Weights = weights },
            "adaln-zero", "class-label", textOptions: new ClassLabelOptions { NumClasses = 7 });

    protected override ConditionInput Condition(int batch) => new() { ClassLabels = tensor(Enumerable.Range(0, batch).Select(b => (long)(b * 3 % 7)).ToArray()) };

    protected override IWeightStore Store { get; } = new WeightStore();
}
