using PixArt.Diffusion;
using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using PixArt.Hosting.Generation;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.Iddpm.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class IddpmConformanceTests : SamplerConformanceTests<IddpmSamplerFactory, IddpmOptions>
{
    protected override IEnumerable<IddpmOptions> StepCountVariants() =>
        from respacing in new[] { "uniform", "ddim" } from clip in new[] { false, true } select new IddpmOptions { Respacing = respacing, ClipDenoised = clip };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class IddpmDdimSpacingConformanceTests : SamplerConformanceTests<IddpmSamplerFactory, IddpmOptions>
{
    protected override IddpmOptions CreateOptions() => new() { Steps = Steps, Respacing = "ddim", ClipDenoised = true };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class IddpmReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void RespacedSampleLoopMatchesOfficialWithRecordedNoise()
    {
        using var golden = GoldenData.Open("iddpm_sample_loop");
        var steps = golden.Get("steps").GetInt32();
        using var xInit = golden.Tensor("x_init");
        using var draws = golden.Tensor("noise_draws");
        using var timestepMap = golden.Tensor("timestep_map");
        using var expected = golden.Tensor("output");
        var options = new IddpmOptions { Steps = steps, GuidanceScale = 1.0 };
        Assert.Empty(Validate(options));

        var noise = new RecordedNoiseSource(draws);
        using var sampler = new IddpmSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        sampler.SetTimesteps(steps);
        var map = timestepMap.to(ScalarType.Float64).data<double>().ToArray();
        Assert.Equal(map.Reverse().Select(v => (float)v), sampler.Timesteps);

        // The model sees the ORIGINAL timestep and returns (ε, 0.5·tanh x); without guidance the loop passes all 8 channels.
        var epsChannels = (int)xInit.shape[1];
        using var result = DenoisingLoop.Run(sampler, xInit, (x, t) => ToyDenoiser.WithLearnedVariance(x, t), options.GuidanceScale, epsChannels, passVariance: true, null, CancellationToken.None);
        Assert.Equal(draws.shape[0], noise.Consumed);
        var error = TensorAssert.RelativeError(result, expected);
        output.WriteLine($"iddpm_sample_loop: relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
        TensorAssert.Close(result, expected, golden.ToleranceRel, "iddpm_sample_loop output");
    }

    [Fact]
    public void StepRejectsOutputWithoutVarianceChannels()
    {
        using var noise = new SeededNoiseSource(0);
        var factory = new IddpmSamplerFactory();
        var context = new ComponentContext(new IddpmOptions(), new MinimalCpuRuntime());
        using var sampler = factory.Create(context, noise);
        Assert.True(factory.Describe(context).UsesLearnedVariance);
        sampler.SetTimesteps(10);
        using var x = zeros(1, 4, 2, 2);
        var error = Assert.Throws<ArgumentException>(() => sampler.Step(x, sampler.Timesteps[0], x));
        Assert.Contains("learned-variance", error.Message);
    }

    [Fact]
    public void OptionsRejectUnknownRespacing() =>
        Assert.Contains(Validate(new IddpmOptions { Respacing = "karras" }), e => e.MemberNames.Contains(nameof(IddpmOptions.Respacing)));

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
