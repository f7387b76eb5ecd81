using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Training;
using PixArt.Plugins.AdaLnSingle;
using PixArt.Plugins.ClassConditioning;
using PixArt.Plugins.Transformer;
using PixArt.Plugins.Transformer.Tests;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Stages.Tests;

/// <summary>The three stages: what each resolves for its data, and how each carries the previous stage's weights over.</summary>
public sealed class StageTests
{
    private static readonly PixArtTransformerConfig Small = new(24, 2, 2, 2, 4, 8, 8, 16, CaptionTokens: 5);
    private static readonly ClassLabelOptions TenClasses = new() { NumClasses = 10 };

    private static PixArtTransformer ClassConditional(PixArtTransformerConfig? config = null) =>
        PixArtTransformerFactory.Build(TestComponents.Context(timestep: "adaln-zero", text: "class-label", textOptions: TenClasses), config ?? Small);

    private static PixArtTransformer TextConditional(PixArtTransformerConfig? config = null, bool microConditions = false) =>
        PixArtTransformerFactory.Build(TestComponents.Context(timestepOptions: new AdaLnSingleOptions { MicroConditions = microConditions }), config ?? Small);

    [Fact]
    public void Each_stage_resolves_its_conditioning_from_the_data()
    {
        var pixel = new PixelDependencyStage(new PixelDependencyOptions()).Resolve(new DatasetFacts(98, HasCaptions: false));
        Assert.Equal(TrainingCondition.ClassLabel, pixel.Condition);
        Assert.Equal(("adaln-zero", "class-label", "98"), (pixel.TimestepConditioning.Type, pixel.TextConditioning.Type, pixel.TextConditioning.Options["NumClasses"]));
        Assert.Equal(1e-4, pixel.Options.LearningRate);

        var text = new TextAlignmentStage(new TextAlignmentOptions()).Resolve(new DatasetFacts(0, HasCaptions: true));
        Assert.Equal((TrainingCondition.Caption, "adaln-single", "false", "cross-attention"),
            (text.Condition, text.TimestepConditioning.Type, text.TimestepConditioning.Options["MicroConditions"], text.TextConditioning.Type));

        var high = new HighResAestheticStage(new HighResAestheticOptions { MultiScale = true, Name = "aesthetic 512" }).Resolve(new DatasetFacts(0, HasCaptions: true));
        Assert.Equal(("aesthetic 512", "true", 512), (high.Name, high.TimestepConditioning.Options["MicroConditions"], high.Options.Resolution));
    }

    [Fact]
    public void A_stage_refuses_data_without_what_it_conditions_on()
    {
        Assert.Contains("no classes", Assert.Throws<ArgumentException>(() => new PixelDependencyStage(new PixelDependencyOptions()).Resolve(new DatasetFacts(0, true))).Message);
        Assert.Contains("has none", Assert.Throws<ArgumentException>(() => new TextAlignmentStage(new TextAlignmentOptions()).Resolve(new DatasetFacts(5, false))).Message);
        Assert.Contains("has none", Assert.Throws<ArgumentException>(() => new HighResAestheticStage(new HighResAestheticOptions()).Resolve(new DatasetFacts(5, false))).Message);
    }

    [Fact]
    public void Options_name_the_field_at_fault()
    {
        var options = new TextAlignmentOptions { Steps = 10, WarmupSteps = 20, LoadFrom = "best", LearningRateSchedule = "linear" };
        var results = options.Validate(new ValidationContext(options)).ToList();
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(TrainingStageOptions.WarmupSteps)) && r.ErrorMessage!.Contains("at most Steps (10)"));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(TrainingStageOptions.LoadFrom)) && r.ErrorMessage!.Contains("model, ema"));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(TrainingStageOptions.LearningRateSchedule)) && r.ErrorMessage!.Contains("constant, cosine"));
    }

    [Theory]
    [InlineData(500f)]
    [InlineData(300f)]
    public void Text_alignment_starts_equal_to_the_class_free_stage_one_model_at_its_timestep(float timestep)
    {
        manual_seed(5);
        using var stage1 = ClassConditional();
        stage1.InitializeWeights();
        RandomizeZeroInitialised(stage1); // a trained stage 1 has non-zero modulation and output layers
        using var stage2 = TextConditional();
        new TextAlignmentStage(new TextAlignmentOptions { ReparameterizationTimestep = timestep }).TransferWeights(stage1, stage2);

        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        // "Without class" is the zero class vector (docs/training.md): the null row zeroed stands for it.
        stage1.state_dict()["text_conditioning.embedding_table.weight"][TenClasses.NumClasses].zero_();
        var x = randn(2, 4, 8, 8);
        ConditionInput NoClass() => new() { ClassLabels = full(2, (long)TenClasses.NumClasses) };
        ConditionInput Caption() => new() { Caption = randn(2, 5, 16), CaptionMask = ones(2, 5) };
        var at = full(2, timestep);
        TensorAssert.Close(stage2.Forward(x, at, Caption()), stage1.Forward(x, at, NoClass()), 1e-5, $"first stage-2 forward vs stage 1 without class at t = {timestep}");
        var elsewhere = full(2, timestep / 5);
        Assert.True(TensorAssert.RelativeError(stage2.Forward(x, elsewhere, Caption()), stage1.Forward(x, elsewhere, NoClass())) > 1e-4,
            "away from the matched timestep the shared adaLN-single MLP no longer tracks the per-block modulation");
    }

    [Fact]
    public void High_res_carries_every_weight_over_and_refuses_a_class_conditional_source()
    {
        manual_seed(6);
        using var stage2 = TextConditional();
        stage2.InitializeWeights();
        RandomizeZeroInitialised(stage2);
        using var stage3 = TextConditional(Small with { SampleSize = 16 }, microConditions: true);
        new HighResAestheticStage(new HighResAestheticOptions()).TransferWeights(stage2, stage3);

        var before = stage2.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var after = stage3.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in before)
            Assert.True(parameter.eq(after[name]).all().item<bool>(), $"{name} was not carried over");
        // Going multi-scale adds the micro-condition embedders, which keep their fresh initialisation.
        Assert.NotEmpty(after.Keys.Except(before.Keys));

        using var classes = ClassConditional();
        using var target = TextConditional();
        Assert.Contains("put a text-alignment stage between them",
            Assert.Throws<ArgumentException>(() => new HighResAestheticStage(new HighResAestheticOptions()).TransferWeights(classes, target)).Message);
    }

    // Zero-initialised tables and output layers would make every comparison trivially equal.
    private static void RandomizeZeroInitialised(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (_, parameter) in model.named_parameters())
            if (parameter.abs().max().item<float>() == 0) parameter.copy_(randn_like(parameter) * 0.1);
    }
}
