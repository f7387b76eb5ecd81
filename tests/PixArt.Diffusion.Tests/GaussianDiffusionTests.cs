using PixArt.Abstractions.Sampling;
using PixArt.Abstractions.Testing.Golden;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PixArt.Diffusion.Tests;

/// <summary>The IDDPM diffusion process of the official code: training losses and timestep respacing.</summary>
public sealed class GaussianDiffusionTests(ITestOutputHelper output)
{
    [Fact]
    public void TrainingLossesMatchOfficialGaussianDiffusion()
    {
        using var golden = GoldenData.Open("iddpm_training_losses");
        using var xStart = golden.Tensor("x_start");
        using var noise = golden.Tensor("noise");
        using var t = golden.Tensor("t");
        using var modelOutput = golden.Tensor("model_output");
        // "linear betas, 1000 steps" — the NoiseSchedule defaults, which the official IDDPM uses.
        var diffusion = GaussianDiffusion.FromSchedule(new NoiseSchedule());
        Tensor? seenT = null;
        using var losses = diffusion.TrainingLosses((xt, tt) => { seenT = tt; return modelOutput.alias(); }, xStart, t, noise);
        Assert.Same(t, seenT);
        foreach (var (name, actual) in new[] { ("loss", losses.Loss), ("mse", losses.Mse), ("vb", losses.Vb) })
        {
            using var expected = golden.Tensor(name);
            output.WriteLine($"iddpm_training_losses {name}: relative error {TensorAssert.RelativeError(actual, expected):E3} (tolerance {golden.ToleranceRel:E1})");
            TensorAssert.Close(actual, expected, golden.ToleranceRel, $"iddpm_training_losses {name}");
        }
    }

    [Theory]
    [InlineData(100, "uniform", new[] { 0, 10, 20, 30, 40, 50, 61, 71 })]
    [InlineData(4, "ddim", new[] { 0, 250, 500, 750 })]
    public void SpacesTimestepsAsTheOfficialCode(int steps, string mode, int[] prefix)
    {
        var kept = Respacing.SpaceTimesteps(1000, steps, mode);
        Assert.Equal(steps, kept.Length);
        Assert.Equal(prefix, kept.Take(prefix.Length));
        Assert.Equal(mode == "uniform" ? 999 : kept[^1], kept[^1]);
    }
}
