using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using PixArt.Hosting.Generation;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Plugins.Samplers.DpmSolver.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class DpmSolverDiffusersConformanceTests : SamplerConformanceTests<DpmSolverSamplerFactory, DpmSolverOptions>
{
    protected override IEnumerable<DpmSolverOptions> StepCountVariants() =>
        (from spacing in new[] { "linspace", "leading", "trailing" }
         from order in new[] { 1, 2 }
         from end in new[] { ("zero", false), ("sigma_min", true) }
         select new DpmSolverOptions { TimestepSpacing = spacing, SolverOrder = order, FinalSigmasType = end.Item1, EulerAtFinal = end.Item2, StepsOffset = spacing == "leading" ? 1 : 0 })
        .Concat(from order in new[] { 1, 2 } select new DpmSolverOptions { Flavor = "official", SolverOrder = order });
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class DpmSolverOfficialConformanceTests : SamplerConformanceTests<DpmSolverSamplerFactory, DpmSolverOptions>
{
    protected override DpmSolverOptions CreateOptions() => new() { Steps = Steps, Flavor = "official" };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class DpmSolverReferenceTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesDiffusersMultistepTrajectory()
    {
        using var golden = GoldenData.Open("sched_dpmpp_2m");
        var config = golden.Get("config");
        var options = new DpmSolverOptions
        {
            Flavor = "diffusers",
            Steps = golden.Get("steps").GetInt32(),
            SolverOrder = config.GetProperty("solver_order").GetInt32(),
            SolverType = config.GetProperty("solver_type").GetString()!,
            LowerOrderFinal = config.GetProperty("lower_order_final").GetBoolean(),
            EulerAtFinal = config.GetProperty("euler_at_final").GetBoolean(),
            FinalSigmasType = config.GetProperty("final_sigmas_type").GetString()!,
            TimestepSpacing = config.GetProperty("timestep_spacing").GetString()!,
            StepsOffset = config.GetProperty("steps_offset").GetInt32(),
        };
        SchedulerReference.ApplySchedule(config, options);
        SchedulerReference.Require(config, "algorithm_type", "dpmsolver++");
        SchedulerReference.Require(config, "use_karras_sigmas", false);
        SchedulerReference.Require(config, "use_lu_lambdas", false);
        SchedulerReference.Require(config, "variance_type", null);
        Assert.Empty(Validate(options));

        var noise = SchedulerReference.NoiseFor(golden, out var recorded);
        using var _ = recorded;
        using var sampler = new DpmSolverSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        var error = SchedulerReference.RunTrajectory(golden, sampler);
        output.WriteLine($"sched_dpmpp_2m: max relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
    }

    [Fact]
    public void MatchesOfficialSolverWithGuidanceThroughTheDenoisingLoop()
    {
        using var golden = GoldenData.Open("official_dpmsolver_cfg");
        var options = new DpmSolverOptions { Flavor = "official", Steps = golden.Get("steps").GetInt32(), GuidanceScale = golden.Get("cfg_scale").GetDouble() };
        Assert.Empty(Validate(options));
        using var z = golden.Tensor("z");
        using var cond = golden.Tensor("cond");
        using var uncond = golden.Tensor("uncond");
        using var expected = golden.Tensor("output");
        // The toy model's condition c is the mean of that sample's condition tensor; the doubled batch is (uncond, cond).
        using var conditionMeans = cat([uncond, cond], 0).flatten(1).mean([1L]);

        using var noise = new SeededNoiseSource(0);
        using var sampler = new DpmSolverSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        sampler.SetTimesteps(options.Steps);
        var calls = 0;
        using var result = DenoisingLoop.Run(sampler, z, (x, t) =>
        {
            calls++;
            Assert.Equal(conditionMeans.shape[0], x.shape[0]);
            return ToyDenoiser.Eps(x, t, conditionMeans);
        }, options.GuidanceScale, (int)z.shape[1], passVariance: false, progress: null, CancellationToken.None);

        Assert.Equal(options.Steps, calls);
        var error = TensorAssert.RelativeError(result, expected);
        output.WriteLine($"official_dpmsolver_cfg: relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
        TensorAssert.Close(result, expected, golden.ToleranceRel, "official_dpmsolver_cfg output");
    }

    [Fact]
    public void OfficialModelTimesAreFractional()
    {
        using var noise = new SeededNoiseSource(0);
        using var sampler = new DpmSolverSamplerFactory().Create(new ComponentContext(new DpmSolverOptions { Flavor = "official" }, new MinimalCpuRuntime()), noise);
        sampler.SetTimesteps(20);
        // linspace(1, 1e-3, 21) mapped by (t − 1e-3)·1000: 999, 949.05, ..., 49.95 (reference doc 4.4).
        Assert.Equal(999f, sampler.Timesteps[0], 3);
        Assert.Equal(949.05f, sampler.Timesteps[1], 2);
        Assert.Equal(49.95f, sampler.Timesteps[^1], 2);
    }

    [Fact]
    public void OptionsRejectDiffusersOnlySettingsWithTheOfficialFlavor()
    {
        var errors = Validate(new DpmSolverOptions { Flavor = "official", EulerAtFinal = true, FinalSigmasType = "sigma_min" });
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DpmSolverOptions.EulerAtFinal)) && e.ErrorMessage!.Contains("diffusers"));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DpmSolverOptions.FinalSigmasType)));
        Assert.Contains(Validate(new DpmSolverOptions { Flavor = "k-diffusion" }), e => e.MemberNames.Contains(nameof(DpmSolverOptions.Flavor)));
        Assert.Contains(Validate(new DpmSolverOptions { SolverOrder = 3 }), e => e.MemberNames.Contains(nameof(DpmSolverOptions.SolverOrder)));
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
