using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using Xunit.Abstractions;

namespace PixArt.Plugins.Samplers.Ddim.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class DdimReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesDiffusersDdimTrajectory()
    {
        using var golden = GoldenData.Open("sched_ddim");
        var config = golden.Get("config");
        var options = new DdimOptions
        {
            Steps = golden.Get("steps").GetInt32(),
            // eta is an argument of diffusers' step (default 0), recorded in meta only when not the default.
            Eta = golden.Meta.TryGetProperty("eta", out var eta) ? eta.GetDouble() : 0.0,
            TimestepSpacing = config.GetProperty("timestep_spacing").GetString()!,
            StepsOffset = config.GetProperty("steps_offset").GetInt32(),
            SetAlphaToOne = config.GetProperty("set_alpha_to_one").GetBoolean(),
            ClipSample = config.GetProperty("clip_sample").GetBoolean(),
            ClipSampleRange = config.GetProperty("clip_sample_range").GetDouble(),
        };
        SchedulerReference.ApplySchedule(config, options);
        SchedulerReference.Require(config, "rescale_betas_zero_snr", false);
        Assert.Empty(Validate(options));

        var noise = SchedulerReference.NoiseFor(golden, out var recorded);
        using var _ = recorded;
        using var sampler = new DdimSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        var error = SchedulerReference.RunTrajectory(golden, sampler);
        output.WriteLine($"sched_ddim: max relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
    }

    [Fact]
    public void OptionsRejectNegativeEtaAndUnknownSpacing()
    {
        // Attribute errors and cross-field rules are reported in separate passes, so check them separately.
        Assert.Contains(Validate(new DdimOptions { Eta = -0.1 }), e => e.MemberNames.Contains(nameof(DdimOptions.Eta)));
        Assert.Contains(Validate(new DdimOptions { TimestepSpacing = "random" }), e => e.MemberNames.Contains(nameof(DdimOptions.TimestepSpacing)) && e.ErrorMessage!.Contains("leading"));
        Assert.Contains(Validate(new DdimOptions { Steps = 2000 }), e => e.MemberNames.Contains(nameof(DdimOptions.Steps)));
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
