using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using Xunit.Abstractions;

namespace PixArt.Plugins.Samplers.Lcm.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class LcmConformanceTests : SamplerConformanceTests<LcmSamplerFactory, LcmOptions>
{
    protected override int Steps => 4;

    protected override IEnumerable<LcmOptions> StepCountVariants() =>
        from original in new[] { 50, 1, 1000 } from alphaToOne in new[] { true, false } select new LcmOptions { OriginalInferenceSteps = original, SetAlphaToOne = alphaToOne };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class LcmReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesDiffusersLcmTrajectoryWithRecordedNoise()
    {
        using var golden = GoldenData.Open("sched_lcm");
        var config = golden.Get("config");
        var options = new LcmOptions
        {
            Steps = golden.Get("steps").GetInt32(),
            OriginalInferenceSteps = config.GetProperty("original_inference_steps").GetInt32(),
            TimestepScaling = config.GetProperty("timestep_scaling").GetDouble(),
            SetAlphaToOne = config.GetProperty("set_alpha_to_one").GetBoolean(),
            ClipSample = config.GetProperty("clip_sample").GetBoolean(),
            ClipSampleRange = config.GetProperty("clip_sample_range").GetDouble(),
        };
        SchedulerReference.ApplySchedule(config, options);
        SchedulerReference.Require(config, "rescale_betas_zero_snr", false);
        Assert.Empty(Validate(options));

        var noise = SchedulerReference.NoiseFor(golden, out var recorded);
        using var _ = recorded;
        using var sampler = new LcmSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        var error = SchedulerReference.RunTrajectory(golden, sampler);
        if (noise is RecordedNoiseSource r) Assert.Equal(recorded!.shape[0], r.Consumed);
        output.WriteLine($"sched_lcm: max relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
    }

    [Fact]
    public void OptionsRejectMoreStepsThanTheSkeleton()
    {
        var errors = Validate(new LcmOptions { Steps = 60, OriginalInferenceSteps = 50 });
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(LcmOptions.Steps)) && e.ErrorMessage!.Contains("OriginalInferenceSteps"));
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
