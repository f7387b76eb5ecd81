using PixArt.Hosting.Runtime;

namespace PixArt.Training.Tests;

/// <summary>
/// The training commands resolve <c>PixArt:Runtime:DType = auto</c> to float32 on every CPU, also where generation picks
/// bfloat16 (<see cref="AutoDTypePolicy.Reproducible"/>), so a run gives the same numbers on any machine it resumes on.
/// </summary>
[Collection("training")]
public sealed class AutoDTypeTests
{
    [Fact]
    public void Train_and_bench_train_compute_in_float32_when_the_dtype_is_auto()
    {
        var folder = TinyExperiment.TempFolder("auto-dtype");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset(classes: true))]);

        var bench = PixArtCli.Run("bench", "train", "--experiment", experiment, "--stage", "1", "--warmup", "0", "--steady", "--iterations", "1",
            "--set", "PixArt:Runtime:DType=auto");
        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.Contains("dtype=float32", bench.Out);
        Assert.Matches(@"warm-up: \d+ runs?, (steady|NOT steady)", bench.Out);

        var train = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "run"), "--set", "PixArt:Runtime:DType=auto");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("training on cpu in float32", train.Out);
        Assert.DoesNotContain("mixed precision", train.Out);
        Directory.Delete(folder, recursive: true);
    }
}
