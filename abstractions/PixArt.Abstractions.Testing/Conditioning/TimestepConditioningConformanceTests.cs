using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Conditioning;

/// <summary>
/// The behaviour every timestep conditioning (<see cref="TimestepConditioningModule"/>: adaLN-single, adaLN-zero, ...)
/// must show on its own, outside a denoiser: <see cref="ITimestepConditioningFactory.Describe"/> agrees with the created
/// module (micro-conditions, parameter count); the embedding gives block modulations <c>[B, 6, C]</c> for every block and
/// a final modulation <c>[B, 2, C]</c>, finite; a sample's modulation does not depend on its batch and changes with its
/// timestep and with a condition vector; <see cref="TimestepConditioningModule.InitializeWeights"/> is reproducible under
/// a seed; every state-dict tensor has a key in each checkpoint layout; nothing leaks. A module's test class derives from
/// this, supplies <see cref="CreateContext"/>, and joins <c>[Collection(ConditioningConformanceTests.Collection)]</c>.
/// </summary>
/// <typeparam name="TFactory">The factory under test.</typeparam>
public abstract class TimestepConditioningConformanceTests<TFactory> where TFactory : ITimestepConditioningFactory, new()
{
    /// <summary>The context the module is created with (its options, a CPU runtime).</summary>
    protected abstract ComponentContext CreateContext();

    /// <summary>The denoiser dimensions the module is created for (hidden size divisible by 3 for micro-conditions).</summary>
    protected virtual DenoiserDimensions Dimensions => new(24, 3, 2, 16, 5);

    /// <summary>Checkpoint layouts the module maps (<see cref="TimestepConditioningModule.KeyMap"/>).</summary>
    protected virtual IReadOnlyList<CheckpointLayout> Layouts => [CheckpointLayout.Native, CheckpointLayout.Official, CheckpointLayout.Diffusers];

    /// <summary>The condition of <paramref name="batch"/> samples: 64×64 resolution and aspect ratio 1 when the module uses micro-conditions.</summary>
    protected virtual ConditionInput Condition(TimestepConditioningModule module, int batch)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.UsesMicroConditions
            ? new ConditionInput { Resolution = full(new long[] { batch, 2 }, 64f), AspectRatio = ones(batch, 1) }
            : new ConditionInput();
    }

    private TimestepConditioningModule Create() => new TFactory().Create(CreateContext(), Dimensions, null);

    /// <summary>What the factory describes is what it creates.</summary>
    [Fact]
    public void DescribeAgreesWithTheCreatedModule()
    {
        var info = new TFactory().Describe(CreateContext(), Dimensions, null);
        using var module = Create();
        Assert.Equal(info.UsesMicroConditions, module.UsesMicroConditions);
        Assert.Equal(info.ParameterCount, module.parameters().Sum(p => p.numel()));
    }

    /// <summary>Block modulations <c>[B, 6, C]</c> for every block, the final one <c>[B, 2, C]</c>, all finite.</summary>
    [Fact]
    public void ModulationsHaveTheDocumentedShapes()
    {
        using var module = Create();
        using var noGrad = inference_mode();
        using var scope = NewDisposeScope();
        var embedding = module.Embed(tensor(new float[] { 3f, 500.5f }), Condition(module, 2), null);
        var hidden = Dimensions.HiddenSize;
        for (var block = 0; block < Dimensions.Depth; block++)
        {
            var modulation = module.BlockModulation(embedding, block);
            Assert.Equal(new long[] { 2, 6, hidden }, modulation.shape);
            Assert.True(modulation.isfinite().all().item<bool>(), $"block {block}'s modulation is not finite");
        }
        var final = module.FinalModulation(embedding);
        Assert.Equal(new long[] { 2, 2, hidden }, final.shape);
        Assert.True(final.isfinite().all().item<bool>(), "the final modulation is not finite");
    }

    /// <summary>A sample's modulation is the same alone and in a batch; another timestep or a condition vector changes it.</summary>
    [Fact]
    public void ModulationIsPerSampleAndFollowsTimestepAndConditionVector()
    {
        using var module = Create();
        using var noGrad = inference_mode();
        using var scope = NewDisposeScope();
        var batch = module.BlockModulation(module.Embed(tensor(new float[] { 3f, 500.5f }), Condition(module, 2), null), 0);
        var alone = module.BlockModulation(module.Embed(tensor(new float[] { 3f }), Condition(module, 1), null), 0);
        Assert.True(batch[0].allclose(alone[0], rtol: 1e-5, atol: 1e-6), "the first sample's modulation depends on its batch");
        Assert.False(batch[0].allclose(batch[1]), "timesteps 3 and 500.5 give the same modulation");
        var vector = ones(2, Dimensions.HiddenSize);
        var conditioned = module.BlockModulation(module.Embed(tensor(new float[] { 3f, 500.5f }), Condition(module, 2), vector), 0);
        Assert.False(conditioned.allclose(batch), "the condition vector changes nothing");
    }

    /// <summary>The same seed gives the same freshly initialised weights.</summary>
    [Fact]
    public void InitializeWeightsIsReproducibleUnderASeed()
    {
        using var first = Create();
        using var second = Create();
        manual_seed(42);
        first.InitializeWeights();
        manual_seed(42);
        second.InitializeWeights();
        foreach (var (name, tensor) in first.state_dict())
            Assert.True(tensor.equal(second.state_dict()[name]).all().item<bool>(), $"{name} differs between two initialisations under one seed");
    }

    /// <summary>Every state-dict tensor has a key in each checkpoint layout (so save and load lose nothing).</summary>
    [Fact]
    public void KeyMapsCoverEveryTensor()
    {
        using var module = Create();
        foreach (var layout in Layouts)
        {
            module.KeyMap(layout).PlanSave(module.state_dict().Keys, out var unmatched);
            Assert.True(unmatched.Count == 0, $"{layout}: no key for {string.Join(", ", unmatched)}");
        }
    }

    /// <summary>Embedding and modulations leave no tensor behind once disposed.</summary>
    [Fact]
    public void LeaksNoTensors()
    {
        using var module = Create();
        TensorLeaks.AssertNone(() =>
        {
            using var noGrad = inference_mode();
            using var scope = NewDisposeScope();
            var embedding = module.Embed(tensor(new float[] { 3f, 500.5f }), Condition(module, 2), null);
            module.BlockModulation(embedding, 0);
            module.FinalModulation(embedding);
        }, "embeddings");
    }
}

/// <summary>The collection name the conditioning kits' test classes join (sequential, for the leak count).</summary>
public static class ConditioningConformanceTests
{
    /// <summary>The collection.</summary>
    public const string Collection = "conditioning-conformance";
}
