using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Training;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart train</c>: runs an experiment's stages (docs/training.md) into a run folder, a metrics line per
/// <c>LogEvery</c> steps on standard output. Ctrl+C writes a checkpoint after the current step and exits with 130;
/// <c>--resume</c> continues from the newest valid checkpoint.
/// </summary>
internal static class TrainCommand
{
    private static readonly Option<string> Experiment = ExperimentFile.Option(
        "Experiment file (JSON: PixArt:Training with its Stages, the denoiser, codec and text encoder); relative paths inside it resolve against its folder.");

    private static readonly Option<string?> Output = new("--output", "-o")
    {
        Description = "Run folder (checkpoints, metrics.jsonl, samples, exported models), relative to the current folder (default: runs/<experiment file name>).",
    };

    private static readonly Option<bool> Resume = new("--resume")
    {
        Description = "Continue the run in the output folder from its newest valid checkpoint (a corrupted newer one is reported and skipped).",
    };

    public static Command Create()
    {
        var command = new Command("train", "Train a PixArt model through the stages of an experiment file. Ctrl+C checkpoints after the current step and exits; --resume continues.");
        foreach (var option in new Option[] { Experiment, Output, Resume }) command.Options.Add(option);
        command.Subcommands.Add(TrainCurvesCommand.Create());
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            return Execute(result, signals.Token);
        }));
        return command;
    }

    private static int Execute(ParseResult result, CancellationToken cancellation)
    {
        // The trainer's own messages (resume point, stage ends, grids) are shown unless the experiment's Logging says otherwise.
        var (experiment, host) = ExperimentFile.Host(result, Experiment, "train", new KeyValuePair<string, string?>($"Logging:LogLevel:{typeof(Trainer).FullName}", "Information"));
        using var _ = host;
        var output = Path.GetFullPath(result.GetValue(Output) ?? Path.Combine("runs", Path.GetFileNameWithoutExtension(experiment)));
        var outcome = host.Services.GetRequiredService<Trainer>().Run(output, result.GetValue(Resume), Console.WriteLine, cancellation);
        if (!outcome.Completed)
        {
            Console.Error.WriteLine($"stopped at step {outcome.GlobalStep}; continue with: pixart train --experiment {experiment} --output {output} --resume");
            return CliErrors.Cancelled;
        }
        Console.WriteLine($"done: {outcome.GlobalStep} steps; model {outcome.Model} (pixart generate --model {outcome.Model})");
        return CliErrors.Ok;
    }
}
