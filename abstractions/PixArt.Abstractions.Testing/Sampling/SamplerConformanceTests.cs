using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Sampling;

/// <summary>
/// The behaviour every <see cref="ISampler"/> must show, whatever its algorithm: shapes and dtypes, the
/// <see cref="ISampler.SetTimesteps"/> guard, determinism under a seed, reset on <see cref="ISampler.SetTimesteps"/>,
/// untouched arguments, and no leaked tensors over a run. A sampler's test class derives from this and should carry
/// <c>[Collection(SamplerConformanceTests.Collection)]</c> (with a matching <c>CollectionDefinition</c> that disables
/// parallelisation) so the leak count sees no other test's tensors.
/// </summary>
/// <typeparam name="TFactory">The sampler factory under test.</typeparam>
/// <typeparam name="TOptions">Its options type.</typeparam>
public abstract class SamplerConformanceTests<TFactory, TOptions>
    where TFactory : ISamplerFactory, new()
    where TOptions : SamplerOptions, new()
{
    /// <summary>Latent shape of the runs: <c>[B, C, H, W]</c>.</summary>
    protected virtual long[] LatentShape => [2, 4, 6, 6];

    /// <summary>Steps of the runs (small, so the suite stays fast).</summary>
    protected virtual int Steps => 6;

    /// <summary>Options of the sampler under test; override to exercise a non-default configuration.</summary>
    protected virtual TOptions CreateOptions() => new() { Steps = Steps };

    /// <summary>The context the samplers under test are created with.</summary>
    protected ComponentContext CreateContext() => new(CreateOptions(), new MinimalCpuRuntime(), "PixArt:Sampler");

    /// <summary>A sampler drawing from <paramref name="noise"/>.</summary>
    protected ISampler CreateSampler(INoiseSource noise) => new TFactory().Create(CreateContext(), noise);

    /// <summary>What the factory says of its samplers with <see cref="CreateOptions"/>.</summary>
    protected SamplerInfo Info => new TFactory().Describe(CreateContext());

    /// <summary>The toy model: ε channels (plus 0.5·tanh(x) variance channels when the sampler wants them).</summary>
    protected Tensor Model(ISampler sampler, Tensor x, float t) =>
        Info.UsesLearnedVariance ? ToyDenoiser.WithLearnedVariance(x, t) : ToyDenoiser.Eps(x, t);

    /// <summary>A whole run from seeded latents; returns the final sample.</summary>
    protected Tensor RunFull(ISampler sampler, long seed, ScalarType dtype = ScalarType.Float32)
    {
        using var latentNoise = new SeededNoiseSource(seed + 1000);
        var x = latentNoise.StandardNormal(LatentShape, dtype, CPU);
        foreach (var t in sampler.Timesteps)
        {
            using var scope = NewDisposeScope();
            var input = sampler.ScaleModelInput(x, t);
            var output = Model(sampler, input, t);
            var next = sampler.Step(output, t, x);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }
        return x;
    }

    /// <summary>Every step returns the sample's shape and dtype (float32 and float64 samples).</summary>
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void StepReturnsShapeAndDtypeOfSample(ScalarType dtype)
    {
        using var noise = new SeededNoiseSource(1);
        using var sampler = CreateSampler(noise);
        sampler.SetTimesteps(Steps);
        Assert.Equal(Steps, sampler.Timesteps.Count);
        using var x = zeros(LatentShape, dtype).normal_();
        foreach (var t in sampler.Timesteps.Take(2))
        {
            using var output = Model(sampler, x, t);
            using var next = sampler.Step(output, t, x);
            Assert.Equal(x.shape, next.shape);
            Assert.Equal(dtype, next.dtype);
            Assert.False(next.isnan().any().item<bool>(), "step produced NaN");
            x.copy_(next);
        }
    }

    /// <summary>
    /// The option combinations <see cref="EveryStepCountTheOptionsAcceptRuns"/> tries at every step count (default: the
    /// options under test); override to add spacings, orders, flavours.
    /// </summary>
    protected virtual IEnumerable<TOptions> StepCountVariants() => [CreateOptions()];

    /// <summary>
    /// Issue 9, item 5: a sampler's option rules are validators, so whatever they accept runs and whatever would fail is
    /// refused before any work (by the configuration check at start and the generation planner). For 1–5, 8, 100 and T
    /// steps of every variant: either validation reports a problem, or a whole run completes with finite values.
    /// </summary>
    [Fact]
    public void EveryStepCountTheOptionsAcceptRuns()
    {
        var failures = new List<string>();
        foreach (var variant in StepCountVariants())
        {
            var train = variant.TrainTimesteps;
            foreach (var steps in new[] { 1, 2, 3, 4, 5, 8, 100, train }.Where(n => n >= 1 && n <= train).Distinct())
            {
                variant.Steps = steps;
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                var context = new System.ComponentModel.DataAnnotations.ValidationContext(variant);
                System.ComponentModel.DataAnnotations.Validator.TryValidateObject(variant, context, results, validateAllProperties: true);
                if (results.Count == 0) results.AddRange(variant.Validate(context));
                if (results.Count > 0) continue; // refused up front: fine
                try
                {
                    using var noise = new SeededNoiseSource(11);
                    using var sampler = new TFactory().Create(new ComponentContext(variant, new MinimalCpuRuntime(), "PixArt:Sampler"), noise);
                    sampler.SetTimesteps(steps);
                    using var result = RunFull(sampler, 3);
                    if (!result.isfinite().all().item<bool>()) failures.Add($"{Describe(variant)}: non-finite result");
                }
                catch (Exception e)
                {
                    failures.Add($"{Describe(variant)}: passed validation but failed: {e.GetType().Name}: {e.Message}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string Describe(TOptions options) => string.Join(", ", typeof(TOptions).GetProperties()
        .Where(p => p.CanWrite && p.DeclaringType != typeof(SamplerOptions) || p.Name == nameof(SamplerOptions.Steps))
        .Select(p => $"{p.Name}={p.GetValue(options)}"));

    /// <summary>Step before SetTimesteps throws, naming the missing call; Timesteps is empty until then.</summary>
    [Fact]
    public void StepBeforeSetTimestepsThrows()
    {
        using var noise = new SeededNoiseSource(2);
        using var sampler = CreateSampler(noise);
        Assert.Empty(sampler.Timesteps);
        using var x = zeros(LatentShape);
        using var output = Model(sampler, x, 999);
        var error = Assert.Throws<InvalidOperationException>(() => sampler.Step(output, 999, x));
        Assert.Contains("SetTimesteps", error.Message);
    }

    /// <summary>SetTimesteps outside 1..TrainTimesteps is rejected.</summary>
    [Fact]
    public void SetTimestepsRejectsOutOfRangeSteps()
    {
        using var noise = new SeededNoiseSource(3);
        using var sampler = CreateSampler(noise);
        Assert.ThrowsAny<ArgumentException>(() => sampler.SetTimesteps(0));
        Assert.ThrowsAny<ArgumentException>(() => sampler.SetTimesteps(CreateOptions().TrainTimesteps + 1));
    }

    /// <summary>Two runs with the same seed are identical; timesteps strictly decrease.</summary>
    [Fact]
    public void RunIsDeterministicUnderSeed()
    {
        using var noiseA = new SeededNoiseSource(4);
        using var noiseB = new SeededNoiseSource(4);
        using var a = CreateSampler(noiseA);
        using var b = CreateSampler(noiseB);
        a.SetTimesteps(Steps);
        b.SetTimesteps(Steps);
        Assert.Equal(a.Timesteps, b.Timesteps);
        for (var i = 1; i < a.Timesteps.Count; i++)
            Assert.True(a.Timesteps[i] < a.Timesteps[i - 1], $"timesteps must decrease: [{string.Join(", ", a.Timesteps)}]");
        using var resultA = RunFull(a, 7);
        using var resultB = RunFull(b, 7);
        Assert.True(resultA.equal(resultB).all().item<bool>(), "same seed gave different results");
        Assert.Equal(noiseA.Draws, noiseB.Draws);
    }

    /// <summary>SetTimesteps forgets a half-finished run: the next run equals a fresh sampler's.</summary>
    [Fact]
    public void SetTimestepsResetsState()
    {
        using var noiseA = new SeededNoiseSource(5);
        using var noiseB = new SeededNoiseSource(5);
        using var reused = CreateSampler(noiseA);
        using var fresh = CreateSampler(noiseB);
        reused.SetTimesteps(Steps + 1);
        using (var x = ones(LatentShape))
        {
            foreach (var t in reused.Timesteps.Take(3))
            {
                using var output = Model(reused, x, t);
                using var next = reused.Step(output, t, x);
                x.copy_(next);
            }
        }
        noiseA.Reset();
        reused.SetTimesteps(Steps);
        fresh.SetTimesteps(Steps);
        using var a = RunFull(reused, 8);
        using var b = RunFull(fresh, 8);
        Assert.True(a.equal(b).all().item<bool>(), "a reused sampler differs from a fresh one after SetTimesteps");
    }

    /// <summary>Step leaves its arguments alive and unchanged and returns a fresh tensor.</summary>
    [Fact]
    public void StepKeepsArgumentsAndReturnsFreshTensor()
    {
        using var noise = new SeededNoiseSource(6);
        using var sampler = CreateSampler(noise);
        sampler.SetTimesteps(Steps);
        var t = sampler.Timesteps[0];
        using var x = ones(LatentShape) * 0.5;
        using var xCopy = x.clone();
        using var output = Model(sampler, x, t);
        using var outputCopy = output.clone();
        using (var scaled = sampler.ScaleModelInput(x, t)) { }
        using var next = sampler.Step(output, t, x);
        Assert.False(x.IsInvalid);
        Assert.False(output.IsInvalid);
        Assert.True(x.equal(xCopy).all().item<bool>(), "Step modified the sample");
        Assert.True(output.equal(outputCopy).all().item<bool>(), "Step modified the model output");
        Assert.NotEqual(x.Handle, next.Handle);
        Assert.False(next.IsInvalid);
    }

    /// <summary>A full run (twice, with a reset between) frees everything once results and sampler are disposed.</summary>
    /// <summary><see cref="SamplerInfo.Stochastic"/> tells the truth: a stochastic sampler draws noise during a run, another never does.</summary>
    [Fact]
    public void DrawsNoiseExactlyWhenDescribedAsStochastic()
    {
        using var noise = new SeededNoiseSource(8);
        using var sampler = CreateSampler(noise);
        sampler.SetTimesteps(Steps);
        using var result = RunFull(sampler, 8);
        Assert.True(Info.Stochastic == noise.Draws > 0,
            $"the factory describes the sampler as {(Info.Stochastic ? "stochastic" : "deterministic")} but it drew {noise.Draws} times in {Steps} steps");
    }

    /// <summary>Two full runs leave no tensor alive once their results are disposed.</summary>
    [Fact]
    public void FullRunLeaksNoTensors() => TensorLeaks.AssertNone(() =>
    {
        using var noise = new SeededNoiseSource(9);
        using var sampler = CreateSampler(noise);
        sampler.SetTimesteps(Steps);
        RunFull(sampler, 9).Dispose();
        sampler.SetTimesteps(Steps);
        RunFull(sampler, 10).Dispose();
    }, "full runs");
}

/// <summary>The name of the sequential collection sampler conformance classes join.</summary>
public static class SamplerConformanceTests
{
    /// <summary>Collection name; define it in the test assembly with <c>DisableParallelization = true</c>.</summary>
    public const string Collection = "sampler-conformance";
}
