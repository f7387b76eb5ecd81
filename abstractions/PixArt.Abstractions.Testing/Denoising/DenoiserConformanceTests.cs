using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Denoising;

/// <summary>
/// The behaviour every <see cref="DenoiserModule"/> must show, whatever its backbone and conditioning:
/// <see cref="IDenoiserFactory.Describe"/> agrees with the created model (channels, patch, parameter count); a forward
/// gives <c>[B, OutChannels, H, W]</c>, finite, deterministic, with its arguments untouched; a condition
/// <see cref="DenoiserModule.Prepare"/>d once gives the per-forward result to the bit and another model refuses it; the
/// null condition runs; a wrong latent channel count is an <see cref="ArgumentException"/>; <see cref="IDenoiserFactory.Save"/>
/// then loading gives the same output; nothing leaks. A denoiser's test class derives from this, supplies the context
/// (its options and conditioning children) and a condition, and joins <c>[Collection(DenoiserConformanceTests.Collection)]</c>.
/// </summary>
/// <typeparam name="TFactory">The denoiser factory under test.</typeparam>
public abstract class DenoiserConformanceTests<TFactory> where TFactory : IDenoiserFactory, new()
{
    /// <summary>The context the model is created with; with <paramref name="weights"/>, loading that checkpoint (file or folder).</summary>
    protected abstract ComponentContext CreateContext(string? weights = null);

    /// <summary>A condition for a batch of <paramref name="batch"/> the model's conditioning accepts (seeded, on the CPU).</summary>
    protected abstract ConditionInput Condition(int batch);

    /// <summary>The weight store <see cref="IDenoiserFactory.Save"/> writes with.</summary>
    protected abstract IWeightStore Store { get; }

    /// <summary>Latent side of the checks; a multiple of the patch size.</summary>
    protected virtual int LatentSide => 8;

    /// <summary>A freshly created model with its weights re-initialised from a fixed seed (so the checks see non-trivial weights).</summary>
    protected DenoiserModule CreateModel()
    {
        var model = new TFactory().Create(CreateContext());
        torch.random.manual_seed(11);
        model.InitializeWeights();
        using var noGrad = no_grad();
        foreach (var p in model.parameters()) p.add_(randn_like(p).mul(0.02)); // zero-initialised gates would hide the blocks
        return model;
    }

    // Seeded latents [B, InChannels, S, S] and timesteps [B] (999, 599, ...), disposed together.
    private ModelInputs Inputs(DenoiserModule model, int batch)
    {
        using var generator = new Generator(3);
        var latents = randn(new long[] { batch, model.Info.InChannels, LatentSide, LatentSide }, generator: generator);
        return new ModelInputs(latents, tensor(Enumerable.Range(0, batch).Select(i => 999f - 400f * i).ToArray()));
    }

    private sealed record ModelInputs(Tensor Latents, Tensor Timesteps) : IDisposable
    {
        public void Dispose()
        {
            Latents.Dispose();
            Timesteps.Dispose();
        }
    }

    /// <summary>What the factory describes is what it creates.</summary>
    [Fact]
    public void DescribeAgreesWithTheCreatedModel()
    {
        var info = new TFactory().Describe(CreateContext());
        using var model = new TFactory().Create(CreateContext());
        Assert.Equal(info.InChannels, model.Info.InChannels);
        Assert.Equal(info.OutChannels, model.Info.OutChannels);
        Assert.Equal(info.PatchSize, model.Info.PatchSize);
        Assert.Equal(info.ParameterCount, model.parameters().Sum(p => p.numel()));
    }

    /// <summary>A forward gives finite <c>[B, OutChannels, H, W]</c>, the same twice, and leaves its arguments untouched.</summary>
    [Fact]
    public void ForwardGivesTheDocumentedShapeDeterministically()
    {
        using var model = CreateModel();
        using var inputs = Inputs(model, 2);
        var (latents, timesteps) = inputs;
        using var copy = latents.clone();
        using var noGrad = inference_mode();
        using var first = model.Forward(latents, timesteps, Condition(2));
        using var second = model.Forward(latents, timesteps, Condition(2));
        Assert.Equal(new long[] { 2, model.Info.OutChannels, LatentSide, LatentSide }, first.shape);
        Assert.True(first.isfinite().all().item<bool>(), "the output is not finite");
        Assert.True(first.equal(second).all().item<bool>(), "two forwards of the same input differ");
        Assert.True(latents.equal(copy).all().item<bool>(), "Forward modified its latents");
    }

    /// <summary>A condition prepared once gives what preparing it in the forward gives, to the bit; another model refuses it.</summary>
    [Fact]
    public void APreparedConditionEqualsThePerForwardOneAndBelongsToItsModel()
    {
        using var model = CreateModel();
        using var other = CreateModel();
        using var inputs = Inputs(model, 2);
        var (latents, timesteps) = inputs;
        var condition = Condition(2);
        using var noGrad = inference_mode();
        using var prepared = model.Prepare(condition);
        using var perForward = model.Forward(latents, timesteps, condition);
        using var once = model.Forward(latents, timesteps, prepared);
        using var twice = model.Forward(latents, timesteps, prepared);
        Assert.True(perForward.equal(once).all().item<bool>(), "the prepared forward differs from the per-forward one");
        Assert.True(once.equal(twice).all().item<bool>(), "a prepared condition changed after use");
        Assert.ThrowsAny<ArgumentException>(() => other.Forward(latents, timesteps, prepared).Dispose());
    }

    /// <summary>The null condition (guidance's unconditional input) runs with the condition's batch and gives another output.</summary>
    [Fact]
    public void TheNullConditionRuns()
    {
        using var model = CreateModel();
        using var inputs = Inputs(model, 2);
        var (latents, timesteps) = inputs;
        var condition = Condition(2);
        using var noGrad = inference_mode();
        using var conditional = model.Forward(latents, timesteps, condition);
        using var unconditional = model.Forward(latents, timesteps, model.NullCondition(condition));
        Assert.Equal(conditional.shape, unconditional.shape);
        Assert.False(conditional.equal(unconditional).all().item<bool>(), "the null condition gives the conditional output: the condition has no effect");
    }

    /// <summary>Latents with a wrong channel count are refused with an <see cref="ArgumentException"/>.</summary>
    [Fact]
    public void AWrongLatentChannelCountIsAnArgumentException()
    {
        using var model = CreateModel();
        using var latents = zeros(1, model.Info.InChannels + 1, LatentSide, LatentSide);
        using var timesteps = tensor(new[] { 10f });
        using var noGrad = inference_mode();
        Assert.ThrowsAny<ArgumentException>(() => model.Forward(latents, timesteps, Condition(1)).Dispose());
    }

    /// <summary>A model saved in every layout its factory writes and loaded back gives the same output.</summary>
    [Theory]
    [InlineData(CheckpointLayout.Native)]
    [InlineData(CheckpointLayout.Official)]
    public void SaveThenLoadGivesTheSameOutput(CheckpointLayout layout)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-denoiser-kit-{Guid.NewGuid():N}");
        try
        {
            using var model = CreateModel();
            new TFactory().Save(model, Store, folder, layout);
            using var loaded = new TFactory().Create(CreateContext(folder));
            using var inputs = Inputs(model, 2);
            var (latents, timesteps) = inputs;
            using var noGrad = inference_mode();
            using var expected = model.Forward(latents, timesteps, Condition(2));
            using var actual = loaded.Forward(latents, timesteps, Condition(2));
            Assert.True(expected.equal(actual).all().item<bool>(), $"the model saved in the {layout} layout and loaded back gives another output");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Forwards (plain and prepared) leave no tensor alive once their results are disposed.</summary>
    [Fact]
    public void LeaksNoTensors()
    {
        using var model = CreateModel();
        using var inputs = Inputs(model, 2);
        var (latents, timesteps) = inputs;
        using var noGrad = inference_mode();
        void Run()
        {
            using var scope = NewDisposeScope(); // the condition's own tensors
            var condition = Condition(2);
            model.Forward(latents, timesteps, condition).Dispose();
            using var prepared = model.Prepare(condition);
            model.Forward(latents, timesteps, prepared).Dispose();
        }
        TensorLeaks.AssertNone(Run, "plain and prepared forwards");
    }
}

/// <summary>The name of the sequential collection denoiser conformance classes join.</summary>
public static class DenoiserConformanceTests
{
    /// <summary>Collection name.</summary>
    public const string Collection = "denoiser-conformance";
}
