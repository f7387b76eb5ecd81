using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Training;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart bench train</c>: steady-state optimizer steps of one stage of an experiment (its model, data, batch, resolution,
/// precision), from fresh weights in a scratch folder: median step time, images per second, where the time goes, peak memory.
/// </summary>
internal static class TrainBench
{
    public static Command Create()
    {
        var experiment = ExperimentFile.Option("Experiment file (as for pixart train).");
        var stage = new Option<int>("--stage") { Description = "Stage to time, 1-based.", DefaultValueFactory = _ => 1 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 3 };
        var iterations = new Option<int>("--iterations") { Description = "Timed steps (the median is reported).", DefaultValueFactory = _ => 10 };
        var command = new Command("train", "Time optimizer steps of one stage of an experiment (data, frozen encoders, forward and backward, AdamW and EMA); --set PixArt:Training:Stages:N:BatchSize=B changes the batch.");
        foreach (var o in new Option[] { experiment, stage, warmup, BenchCommand.Steady, iterations }) command.Options.Add(o);
        command.SetAction(result => CliErrors.Run(() =>
        {
            if (result.GetValue(warmup) < 0 || result.GetValue(iterations) < 1)
                throw new CliUsageException("--warmup must be 0 or more and --iterations 1 or more");
            using var host = ExperimentFile.Host(result, experiment, "bench train").Host;
            var runtime = host.Services.GetRequiredService<IRuntimeContext>();
            var timer = new BenchTimer(runtime.Device);
            var warmups = new WarmupRuns(result.GetValue(warmup), result.GetValue(BenchCommand.Steady));
            var (plan, steps) = host.Services.GetRequiredService<Trainer>().Measure(result.GetValue(stage) - 1, last =>
            {
                if (last is { } step) warmups.Add(step.Total * 1000);
                return warmups.NeedsMore;
            }, result.GetValue(iterations));
            timer.Synchronize();
            var o = plan.Options;
            var images = o.BatchSize * o.GradientAccumulation;
            var median = BenchTimer.Median(steps.Select(s => s.Total));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT train stage={plan.Stage.Name} resolution={o.Resolution} batch={o.BatchSize}x{o.GradientAccumulation} parameters={plan.Model.ParameterCount} device={runtime.Device} dtype={RuntimeOptions.DTypeName(runtime.DType)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  step     {BenchTimer.Summary(steps.Select(s => s.Total * 1000).ToList())}  ({images / median:F1} images/s)"));
            foreach (var (name, part) in new (string, Func<StepTimings, double>)[] { ("data", s => s.Data), ("encode", s => s.Encode), ("model", s => s.Model), ("update", s => s.Update) })
                Console.WriteLine($"  {name,-8} {BenchTimer.Summary(steps.Select(s => part(s) * 1000).ToList())}");
            Console.WriteLine($"  {warmups.Summary}");
            foreach (var line in timer.Footer(runtime.DType)) Console.WriteLine($"  {line}");
            return CliErrors.Ok;
        }));
        return command;
    }
}
