using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Training;
using TorchSharp;

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
        var warmup = System.Text.RegularExpressions.Regex.Match(bench.Out, @"warm-up: (\d+) runs, (steady|NOT steady)");
        Assert.True(warmup.Success, bench.Out);
        Assert.True(int.Parse(warmup.Groups[1].Value) >= 3, bench.Out); // --steady makes at least 3 warm-up steps

        var train = PixArtCli.Run("train", "--experiment", experiment, "--output", Path.Combine(folder, "run"), "--set", "PixArt:Runtime:DType=auto");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("training on cpu in float32", train.Out);
        Assert.DoesNotContain("mixed precision", train.Out);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void A_host_whose_auto_resolved_to_bfloat16_on_the_cpu_is_warned_when_it_plans_training()
    {
        var folder = TinyExperiment.TempFolder("auto-dtype-host");
        var experiment = TinyExperiment.Write(folder, [TinyExperiment.Stage("pixel-dependency", 2, 16, TinyExperiment.Dataset(classes: true))]);
        var (configuration, baseDirectory) = PixArtConfiguration.Build(experiment, [new("PixArt:Runtime:DType", "auto")]);
        var logs = new FakeLoggerProvider();

        // What a host that registered AutoDTypePolicy.Generation gets on a CPU with native bf16, on any CI CPU.
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddSingleton<IRuntimeContext>(new RuntimeContext(torch.CPU, torch.ScalarType.BFloat16))
            .AddPixArt(configuration, baseDirectory, TrainingSlots.Experiment(configuration));
        using (var provider = services.BuildServiceProvider())
        using (ExperimentPlan.Create(provider)) { }
        var warning = Assert.Single(logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("training runs in bfloat16 on the CPU", warning.Message);
        Assert.Contains("AutoDTypePolicy.Reproducible", warning.Message);

        // The same experiment under the default policy plans float32 without a word.
        var quiet = new FakeLoggerProvider();
        using (var provider = new ServiceCollection().AddLogging(b => b.AddProvider(quiet))
                   .AddPixArt(configuration, baseDirectory, TrainingSlots.Experiment(configuration)).BuildServiceProvider())
        using (ExperimentPlan.Create(provider))
            Assert.Equal(torch.ScalarType.Float32, provider.GetRequiredService<IRuntimeContext>().DType);
        Assert.DoesNotContain(quiet.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Directory.Delete(folder, recursive: true);
    }
}
