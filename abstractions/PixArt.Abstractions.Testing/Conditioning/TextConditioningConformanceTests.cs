using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Conditioning;

/// <summary>
/// The behaviour every text (or class) conditioning (<see cref="TextConditioningModule"/>: cross-attention, class labels,
/// ...) must show on its own, outside a denoiser: <see cref="ITextConditioningFactory.Describe"/> agrees with the created
/// module; a prepared condition applied to block tokens <c>[B, T, C]</c> keeps their shape, is finite and leaves the
/// tokens untouched; the null condition has the batch of its model; a <see cref="ConditionInput.DropMask"/> replaces
/// exactly the dropped samples' condition by the null one; preparing is deterministic; every state-dict tensor has a key
/// in each checkpoint layout; nothing leaks. Captions are <c>[B, CaptionTokens, CaptionChannels]</c> with a padded mask,
/// class labels 0 and NumClasses − 1. A module's test class derives from this, supplies <see cref="CreateContext"/>, and
/// joins <c>[Collection(ConditioningConformanceTests.Collection)]</c>.
/// </summary>
/// <typeparam name="TFactory">The factory under test.</typeparam>
public abstract class TextConditioningConformanceTests<TFactory> where TFactory : ITextConditioningFactory, new()
{
    /// <summary>The context the module is created with (its options, a CPU runtime).</summary>
    protected abstract ComponentContext CreateContext();

    /// <summary>The denoiser dimensions the module is created for.</summary>
    protected virtual DenoiserDimensions Dimensions => new(24, 2, 2, 16, 5);

    /// <summary>Checkpoint layouts the module maps (<see cref="TextConditioningModule.KeyMap"/>).</summary>
    protected virtual IReadOnlyList<CheckpointLayout> Layouts => [CheckpointLayout.Native, CheckpointLayout.Official, CheckpointLayout.Diffusers];

    private TextConditioningModule Create() => new TFactory().Create(CreateContext(), Dimensions, null);

    /// <summary>Two samples' condition: seeded captions (the first padded after 3 tokens), or class labels 0 and NumClasses − 1.</summary>
    protected virtual ConditionInput Condition(TextConditioningModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (module.NumClasses is { } classes) return new ConditionInput { ClassLabels = tensor(new long[] { 0, classes - 1 }) };
        using var generator = new Generator(3);
        var tokens = Dimensions.CaptionTokens;
        var mask = ones(2, tokens, dtype: ScalarType.Int64);
        mask[0, TensorIndex.Slice(Math.Min(3, tokens))] = tensor(0L);
        return new ConditionInput { Caption = randn(new long[] { 2, tokens, module.CaptionChannels ?? Dimensions.CaptionChannels }, generator: generator), CaptionMask = mask };
    }

    private Tensor Tokens()
    {
        using var generator = new Generator(5);
        return randn(new long[] { 2, 9, Dimensions.HiddenSize }, generator: generator);
    }

    /// <summary>What the factory describes is what it creates.</summary>
    [Fact]
    public void DescribeAgreesWithTheCreatedModule()
    {
        var info = new TFactory().Describe(CreateContext(), Dimensions, null);
        using var module = Create();
        Assert.Equal(info.CaptionChannels, module.CaptionChannels);
        Assert.Equal(info.NullConditionTokens, module.NullConditionTokens);
        Assert.Equal(info.HasLearnedNullCondition, module.HasLearnedNullCondition);
        Assert.Equal(info.NumClasses, module.NumClasses);
        Assert.Equal(info.ParameterCount, module.parameters().Sum(p => p.numel()));
    }

    /// <summary>Every block keeps the tokens' shape and leaves them untouched; the result is finite.</summary>
    [Fact]
    public void AppliedConditionKeepsTheTokenShape()
    {
        using var module = Create();
        using var noGrad = inference_mode();
        using var scope = NewDisposeScope();
        var tokens = Tokens();
        var copy = tokens.clone();
        using var state = module.Prepare(Condition(module));
        for (var block = 0; block < Dimensions.Depth; block++)
        {
            var result = module.ApplyToBlock(block, tokens, state);
            Assert.Equal(tokens.shape, result.shape);
            Assert.True(result.isfinite().all().item<bool>(), $"block {block}'s result is not finite");
        }
        Assert.True(tokens.equal(copy).all().item<bool>(), "ApplyToBlock modified its tokens");
    }

    /// <summary>
    /// The null condition has its model's batch; with a drop mask the dropped sample gets exactly the null condition's
    /// effect and the kept one its own.
    /// </summary>
    [Fact]
    public void DropMaskSubstitutesTheNullCondition()
    {
        using var module = Create();
        using var noGrad = inference_mode();
        using var scope = NewDisposeScope();
        var condition = Condition(module);
        var tokens = Tokens();
        using var own = module.Prepare(condition);
        using var nulled = module.Prepare(module.NullCondition(condition));
        using var dropped = module.Prepare(condition with { DropMask = tensor(new[] { true, false }) });
        var a = Effect(module, tokens, own);
        var n = Effect(module, tokens, nulled);
        var d = Effect(module, tokens, dropped);
        Assert.Equal(a.shape, n.shape);
        Assert.True(d[0].allclose(n[0], rtol: 1e-5, atol: 1e-6), "the dropped sample did not get the null condition");
        Assert.True(d[1].allclose(a[1], rtol: 1e-5, atol: 1e-6), "the kept sample lost its condition");
    }

    /// <summary>Preparing and applying the same condition twice gives the same result.</summary>
    [Fact]
    public void IsDeterministic()
    {
        using var module = Create();
        using var noGrad = inference_mode();
        using var scope = NewDisposeScope();
        var tokens = Tokens();
        using var first = module.Prepare(Condition(module));
        using var second = module.Prepare(Condition(module));
        Assert.True(Effect(module, tokens, first).equal(Effect(module, tokens, second)).all().item<bool>(), "two preparations of one condition differ");
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

    /// <summary>Preparing, applying and disposing leaves no tensor behind.</summary>
    [Fact]
    public void LeaksNoTensors()
    {
        using var module = Create();
        using var tokens = Tokens();
        TensorLeaks.AssertNone(() =>
        {
            using var noGrad = inference_mode();
            using var scope = NewDisposeScope();
            using var state = module.Prepare(Condition(module));
            module.ApplyToBlock(0, tokens, state);
        }, "preparations");
    }

    // What the condition does, as one tensor: the tokens after the first block, with the condition vector appended when
    // the module conditions through one (class labels add it to the timestep embedding).
    private static Tensor Effect(TextConditioningModule module, Tensor tokens, TextConditioningState state)
    {
        var applied = module.ApplyToBlock(0, tokens, state).flatten(1);
        return state.Vector is { } vector ? cat([applied, vector.flatten(1)], 1) : applied;
    }
}
