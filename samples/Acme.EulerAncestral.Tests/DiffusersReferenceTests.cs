using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using Xunit;
using Xunit.Abstractions;

namespace Acme.EulerAncestral.Tests;

/// <summary>
/// The sampler against diffusers' <c>EulerAncestralDiscreteScheduler</c> (v0.40.0, fp32) on the toy denoiser, with diffusers'
/// own noise draws injected: the same timesteps, the same initial σ, and every step of the trajectory within the case's
/// relative tolerance. The cases were written by <c>reference/make_reference.py</c>.
/// </summary>
[Collection(SamplerConformanceTests.Collection)]
public sealed class DiffusersReferenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("euler_ancestral_linspace")]
    [InlineData("euler_ancestral_leading")]
    public void MatchesDiffusersTrajectory(string name)
    {
        using var golden = GoldenCase.Load(Path.Combine(AppContext.BaseDirectory, "reference", name));
        var config = golden.Get("config");
        var options = new EulerAncestralOptions
        {
            Steps = golden.Get("steps").GetInt32(),
            TrainTimesteps = config.GetProperty("num_train_timesteps").GetInt32(),
            BetaStart = config.GetProperty("beta_start").GetDouble(),
            BetaEnd = config.GetProperty("beta_end").GetDouble(),
            BetaSchedule = config.GetProperty("beta_schedule").GetString()!,
            TimestepSpacing = config.GetProperty("timestep_spacing").GetString()!,
            StepsOffset = config.GetProperty("steps_offset").GetInt32(),
        };
        SchedulerReference.Require(config, "prediction_type", "epsilon");
        SchedulerReference.Require(config, "rescale_betas_zero_snr", false);

        var noise = SchedulerReference.NoiseFor(golden, out var recorded);
        using var _ = recorded;
        using var sampler = new EulerAncestralSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        sampler.SetTimesteps(options.Steps);
        Assert.Equal(golden.Get("init_noise_sigma").GetDouble(), sampler.InitNoiseSigma, 1e-4 * sampler.InitNoiseSigma);
        var error = SchedulerReference.RunTrajectory(golden, sampler);
        Assert.Equal(recorded!.shape[0], ((RecordedNoiseSource)noise).Consumed);
        output.WriteLine($"{name}: max relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
    }
}
