using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Weights;
using PixArt.Plugins.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.ClassConditioning.Tests;

/// <summary>A DiT-style class-conditional model: pixart-transformer with adaln-zero and class-label.</summary>
public sealed class ClassConditionalModelTests
{
    private const int Classes = 10;

    // Tiny sizes per the style guide (2 layers, hidden 24, patch 2, 8×8 latents).
    private static readonly PixArtTransformerConfig Tiny = new(24, 2, 2, 2, 4, 8, 8, 16, CaptionTokens: 4);

    private static ComponentContext Context(int numClasses = Classes)
    {
        var services = new ServiceCollection().AddSingleton<IWeightStore>(new WeightStore()).BuildServiceProvider();
        var runtime = RuntimeContext.Cpu();
        var children = new Dictionary<string, ResolvedComponent>
        {
            ["TimestepConditioning"] = new(new AdaLnZeroFactory(), new ComponentContext(new AdaLnZeroOptions(), runtime, "PixArt:Denoiser:TimestepConditioning", services: services), "adaln-zero"),
            ["TextConditioning"] = new(new ClassLabelFactory(), new ComponentContext(new ClassLabelOptions { NumClasses = numClasses }, runtime, "PixArt:Denoiser:TextConditioning", services: services), "class-label"),
        };
        return new ComponentContext(new PixArtTransformerOptions(), runtime, "PixArt:Denoiser", services: services, children: children);
    }

    private static (Tensor X, Tensor T, ConditionInput C) Inputs()
    {
        var generator = new Generator(7);
        return (randn(new long[] { 2, 4, 8, 8 }, generator: generator), tensor(new float[] { 10, 900 }),
            new ConditionInput { ClassLabels = tensor(new long[] { 3, 7 }) });
    }

    [Fact]
    public void Forward_and_backward_reach_every_parameter()
    {
        manual_seed(1);
        using var model = PixArtTransformerFactory.Build(Context(), Tiny);
        var (x, t, c) = Inputs();
        using var scope = NewDisposeScope();
        var output = model.Forward(x, t, c);
        Assert.Equal(new long[] { 2, 8, 8, 8 }, output.shape);
        output.square().mean().backward();
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        Assert.Null(model.TextConditioning.CaptionChannels);
    }

    [Fact]
    public void Null_condition_is_the_null_class_and_matches_drop_mask()
    {
        manual_seed(2);
        using var model = PixArtTransformerFactory.Build(Context(), Tiny);
        var (x, t, c) = Inputs();
        var nullCondition = model.NullCondition(c);
        Assert.Equal(new long[] { Classes, Classes }, nullCondition.ClassLabels!.data<long>().ToArray());
        using var inference = inference_mode();
        using var unconditional = model.Forward(x, t, nullCondition);
        using var dropped = model.Forward(x, t, c with { DropMask = ones(2, ScalarType.Bool) });
        using var conditional = model.Forward(x, t, c);
        TensorAssert.Close(dropped, unconditional, 0, "DropMask vs null class");
        Assert.True(TensorAssert.RelativeError(conditional, unconditional) > 1e-4, "the class has no effect");
    }

    [Fact]
    public void Saves_with_dit_names_and_reloads_the_same_model()
    {
        manual_seed(3);
        using var model = PixArtTransformerFactory.Build(Context(), Tiny);
        var exported = PixArtCheckpoint.Export(model, CheckpointLayout.Official);
        Assert.Contains("blocks.1.adaLN_modulation.1.weight", exported.Keys);
        Assert.Contains("final_layer.adaLN_modulation.1.bias", exported.Keys);
        Assert.Contains("y_embedder.embedding_table.weight", exported.Keys);
        Assert.Contains("t_embedder.mlp.2.weight", exported.Keys);
        Assert.Contains("blocks.0.attn.qkv.weight", exported.Keys);
        Assert.Throws<NotSupportedException>(() => model.KeyMap(CheckpointLayout.Diffusers));

        var folder = Directory.CreateTempSubdirectory("pixart-dit-");
        try
        {
            var file = PixArtCheckpoint.Save(model, new WeightStore(), Path.Combine(folder.FullName, "dit.safetensors"), CheckpointLayout.Official);
            using var source = new WeightStore().Open(file);
            Assert.Equal(CheckpointLayout.Official, PixArtCheckpoint.DetectLayout(source));
            using var reloaded = PixArtTransformerFactory.Create(Context(), Tiny, source);
            var (x, t, c) = Inputs();
            using var inference = inference_mode();
            using var a = model.Forward(x, t, c);
            using var b = reloaded.Forward(x, t, c);
            TensorAssert.Close(b, a, 0, "reloaded class-conditional model");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Missing_class_labels_are_reported()
    {
        using var model = PixArtTransformerFactory.Build(Context(), Tiny);
        var (x, t, _) = Inputs();
        var error = Assert.Throws<ArgumentException>(() => model.Forward(x, t, new ConditionInput()));
        Assert.Contains("ClassLabels", error.Message);
    }
}
