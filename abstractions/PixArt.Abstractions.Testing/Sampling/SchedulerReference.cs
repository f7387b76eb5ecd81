using System.Text.Json;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Sampling;
using PixArt.Abstractions.Testing.Golden;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Sampling;

/// <summary>
/// Runs the protocol of the scheduler reference cases (<c>sched_*</c>): from <c>x_init</c>, at every timestep
/// x = step(ε(scale(x, t), t, 0), t, x), compared with <c>trajectory[i]</c>; noise from <c>noise_draws</c> when recorded.
/// </summary>
public static class SchedulerReference
{
    /// <summary>The noise source of a case: its recorded draws, or a seeded source when it recorded none.</summary>
    public static INoiseSource NoiseFor(GoldenCase golden, out Tensor? recorded)
    {
        recorded = golden.Has("noise_draws") ? golden.Tensor("noise_draws") : null;
        return recorded is null ? new SeededNoiseSource(0) : new RecordedNoiseSource(recorded);
    }

    /// <summary>
    /// Checks the sampler's timesteps against the case's and runs the trajectory; returns the largest relative error
    /// over the steps (asserting each is within the case tolerance).
    /// </summary>
    public static double RunTrajectory(GoldenCase golden, ISampler sampler)
    {
        var steps = golden.Get("steps").GetInt32();
        sampler.SetTimesteps(steps);
        using (var expectedTimesteps = golden.Tensor("timesteps"))
        {
            var expected = expectedTimesteps.to(ScalarType.Float64).data<double>().ToArray();
            Assert.Equal(expected.Length, sampler.Timesteps.Count);
            for (var i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - sampler.Timesteps[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])),
                    $"timestep {i}: {sampler.Timesteps[i]} differs from reference {expected[i]}");
        }
        using var trajectory = golden.Tensor("trajectory");
        var x = golden.Tensor("x_init");
        var worst = 0.0;
        try
        {
            for (var i = 0; i < sampler.Timesteps.Count; i++)
            {
                var t = sampler.Timesteps[i];
                using var scope = NewDisposeScope();
                var input = sampler.ScaleModelInput(x, t);
                var output = ToyDenoiser.Eps(input, t);
                var next = sampler.Step(output, t, x).MoveToOuterDisposeScope();
                x.Dispose();
                x = next;
                var expected = trajectory[i];
                var error = TensorAssert.RelativeError(x, expected);
                worst = Math.Max(worst, error);
                TensorAssert.Close(x, expected, golden.ToleranceRel, $"{Path.GetFileName(golden.Folder)} step {i} (t = {t})");
            }
        }
        finally
        {
            x.Dispose();
        }
        return worst;
    }

    /// <summary>Fails unless config key <paramref name="key"/> holds <paramref name="expected"/> (a setting the sampler does not vary).</summary>
    public static void Require(JsonElement config, string key, object? expected)
    {
        Assert.True(config.TryGetProperty(key, out var value), $"config has no '{key}'");
        object? actual = value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetDouble(),
            _ => value.GetRawText(),
        };
        if (expected is int or float) expected = Convert.ToDouble(expected);
        Assert.True(Equals(actual, expected), $"config '{key}' is {value.GetRawText()}; this sampler supports only {expected ?? "null"}");
    }

    /// <summary>Copies the schedule keys every sampler shares (num_train_timesteps, beta_start, beta_end, beta_schedule).</summary>
    public static void ApplySchedule(JsonElement config, SamplerOptions options)
    {
        options.TrainTimesteps = config.GetProperty("num_train_timesteps").GetInt32();
        options.BetaStart = config.GetProperty("beta_start").GetDouble();
        options.BetaEnd = config.GetProperty("beta_end").GetDouble();
        options.BetaSchedule = config.GetProperty("beta_schedule").GetString()!;
        Require(config, "trained_betas", null);
        Require(config, "prediction_type", "epsilon");
        Require(config, "thresholding", false);
    }
}
