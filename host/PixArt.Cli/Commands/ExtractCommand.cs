using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Training.Features;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart extract --experiment FILE</c>: writes the experiment's feature cache (reference 7.6, docs/training.md "Feature
/// cache"): every stage's codec posteriors and caption embeddings, which <c>pixart train</c> then reads instead of
/// decoding and encoding each step. Items already cached and unchanged are skipped; Ctrl+C keeps every finished shard
/// and exits with 130, and the next call continues.
/// </summary>
internal static class ExtractCommand
{
    private static readonly Option<string> Experiment = ExperimentFile.Option(
        "Experiment file, as for pixart train; its PixArt:Training:FeatureCache folder (default: features next to the file) receives the features.");

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Empty each feature folder first and encode every item again.",
    };

    public static Command Create()
    {
        var command = new Command("extract", "Pre-compute an experiment's training features (codec posteriors, caption embeddings) into its feature cache; pixart train uses them when present.");
        command.Options.Add(Experiment);
        command.Options.Add(Force);
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            return Execute(result, signals.Token);
        }));
        return command;
    }

    private static int Execute(ParseResult result, CancellationToken cancellation)
    {
        var (experiment, host) = ExperimentFile.Host(result, Experiment, "extract");
        using var _ = host;
        var outcome = host.Services.GetRequiredService<FeatureExtractor>().Run(result.GetValue(Force), Console.WriteLine, cancellation);
        foreach (var f in outcome.Folders)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Kind} (stage {f.Stage}): {f.Current}/{f.Items} items current ({f.Added} encoded now{(f.Skipped > 0 ? $", {f.Skipped} undecodable skipped" : "")}) in {f.Folder}"));
        if (!outcome.Completed)
        {
            Console.Error.WriteLine($"stopped; what was written is kept: run pixart extract --experiment {experiment} again (with the same --set and --dtype options) to continue");
            return CliErrors.Cancelled;
        }
        return CliErrors.Ok;
    }
}
