using System.ComponentModel.DataAnnotations;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Sampling;
using Xunit.Abstractions;

namespace PixArt.Plugins.Samplers.SaSolver.Tests;

[Collection(SamplerConformanceTests.Collection)]
public sealed class SaSolverConformanceTests : SamplerConformanceTests<SaSolverSamplerFactory, SaSolverOptions>
{
    protected override IEnumerable<SaSolverOptions> StepCountVariants() =>
        from spacing in new[] { "linspace", "leading", "trailing" }
        from orders in new[] { (1, 1), (2, 4), (4, 2) }
        select new SaSolverOptions { TimestepSpacing = spacing, PredictorOrder = orders.Item1, CorrectorOrder = orders.Item2, LowerOrderFinal = orders.Item1 != 4 };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class SaSolverThirdOrderConformanceTests : SamplerConformanceTests<SaSolverSamplerFactory, SaSolverOptions>
{
    protected override SaSolverOptions CreateOptions() => new() { Steps = Steps, PredictorOrder = 3, CorrectorOrder = 3 };
}

[Collection(SamplerConformanceTests.Collection)]
public sealed class SaSolverReferenceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sched_sasolver_ode")]
    [InlineData("sched_sasolver_sde")]
    public void MatchesDiffusersSaSolverTrajectory(string name)
    {
        using var golden = GoldenData.Open(name);
        var config = golden.Get("config");
        var options = new SaSolverOptions
        {
            Steps = golden.Get("steps").GetInt32(),
            PredictorOrder = config.GetProperty("predictor_order").GetInt32(),
            CorrectorOrder = config.GetProperty("corrector_order").GetInt32(),
            LowerOrderFinal = config.GetProperty("lower_order_final").GetBoolean(),
            TimestepSpacing = config.GetProperty("timestep_spacing").GetString()!,
            StepsOffset = config.GetProperty("steps_offset").GetInt32(),
        };
        ApplyTau(golden, options);
        SchedulerReference.ApplySchedule(config, options);
        SchedulerReference.Require(config, "algorithm_type", "data_prediction");
        SchedulerReference.Require(config, "use_karras_sigmas", false);
        SchedulerReference.Require(config, "variance_type", null);
        Assert.Empty(Validate(options));

        var noise = SchedulerReference.NoiseFor(golden, out var recorded);
        using var _ = recorded;
        using var sampler = new SaSolverSamplerFactory().Create(new ComponentContext(options, new MinimalCpuRuntime()), noise);
        var error = SchedulerReference.RunTrajectory(golden, sampler);
        if (noise is RecordedNoiseSource r) Assert.Equal(recorded!.shape[0], r.Consumed);
        output.WriteLine($"{name}: max relative error {error:E3} (tolerance {golden.ToleranceRel:E1})");
    }

    // tau_func is a Python callable: null means diffusers' default window (the option defaults); a custom callable
    // cannot be serialised, so the case states it in "what" (only the constant "tau=0" form is understood).
    private static void ApplyTau(GoldenCase golden, SaSolverOptions options)
    {
        var tau = golden.Get("config").GetProperty("tau_func");
        if (tau.ValueKind == System.Text.Json.JsonValueKind.Null) return;
        var what = golden.Get("what").GetString() ?? "";
        Assert.True(what.Contains("tau=0", StringComparison.Ordinal), $"custom tau_func not understood from meta 'what': {what}");
        options.Tau = 0;
    }

    [Fact]
    public void OptionsRejectAnInvertedTauWindowAndHighOrders()
    {
        Assert.Contains(Validate(new SaSolverOptions { TauStartTimestep = 900, TauEndTimestep = 100 }), e => e.MemberNames.Contains(nameof(SaSolverOptions.TauStartTimestep)));
        Assert.Contains(Validate(new SaSolverOptions { PredictorOrder = 5 }), e => e.MemberNames.Contains(nameof(SaSolverOptions.PredictorOrder)));
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
