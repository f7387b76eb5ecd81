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

    /// <summary>
    /// Issue 9, item 5: with every spacing a step goes from a timestep to the schedule's next one (diffusers takes
    /// t − T//N, which is the next entry only for leading spacing). With ε = 0 a step maps x to √(ᾱ_prev / ᾱ_t)·x, so each
    /// step shows the ᾱ_prev it used; after the last step ᾱ_prev is the final ᾱ (1 with SetAlphaToOne).
    /// </summary>
    [Theory]
    [InlineData("linspace", 3)]
    [InlineData("trailing", 3)]
    [InlineData("linspace", 7)]
    [InlineData("leading", 4)]
    public void EachStepEndsAtTheSchedulesNextTimestep(string spacing, int steps)
    {
        var options = new DdimOptions { Steps = steps, TimestepSpacing = spacing };
        Assert.Empty(Validate(options));
        var alphas = PixArt.Diffusion.BetaSchedule.AlphasCumprodFloat32(options.Schedule);
        using var noise = new SeededNoiseSource(1);
        using var sampler = new DdimSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        sampler.SetTimesteps(steps);
        var timesteps = sampler.Timesteps.ToArray();
        using var x = TorchSharp.torch.ones(1, 4, 2, 2);
        using var eps = TorchSharp.torch.zeros(1, 4, 2, 2);
        for (var i = 0; i < timesteps.Length; i++)
        {
            using var next = sampler.Step(eps, timesteps[i], x);
            var previous = i + 1 < timesteps.Length ? alphas[(int)timesteps[i + 1]] : 1.0;
            var expected = Math.Sqrt(previous / alphas[(int)timesteps[i]]);
            var actual = next.mean().item<float>();
            Assert.True(Math.Abs(actual - expected) <= 1e-5 * expected,
                $"{spacing}, step {i} from t = {timesteps[i]}: {actual} but the schedule's next timestep gives {expected} (timesteps {string.Join(", ", timesteps)})");
        }
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
