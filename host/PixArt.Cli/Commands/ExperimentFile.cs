using System.CommandLine;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Hosting.Training;

namespace PixArt.Cli.Commands;

/// <summary>
/// The <c>--experiment FILE</c> option of the commands that run an experiment (<c>train</c>, <c>extract</c>,
/// <c>bench train</c>) and the host they build from it: the file instead of <c>--config</c>, plus <c>--set</c>, with every
/// stage's components.
/// </summary>
internal static class ExperimentFile
{
    /// <summary>A required <c>--experiment</c>/<c>-e</c> option described by <paramref name="description"/>.</summary>
    public static Option<string> Option(string description) => new("--experiment", "-e") { Description = description, Required = true };

    /// <summary>
    /// The file named by <paramref name="option"/> and a host built from it (with <c>--set</c>, and <paramref name="extra"/>
    /// below the file). Throws <see cref="CliUsageException"/> when <c>--config</c> is also given, and
    /// <see cref="ConfigurationException"/> when the file does not exist or the experiment is invalid (before any work).
    /// </summary>
    public static (string Path, IHost Host) Host(ParseResult result, Option<string> option, string command, params KeyValuePair<string, string?>[] extra)
    {
        var path = result.GetValue(option)!;
        if (result.GetValue(GlobalOptions.Config) is not null)
            throw new CliUsageException($"{command} reads its configuration from --experiment; put what --config holds into the experiment file or pass single keys with --set");
        if (!File.Exists(path)) throw new ConfigurationException([new ConfigProblem("--experiment", path, "file not found")]);
        var (configuration, baseDirectory) = PixArtConfiguration.Build(path, GlobalOptions.Overrides(result), extra);
        return (path, CliHost.Build(configuration, baseDirectory, TrainingSlots.Experiment(configuration), AutoDTypePolicy.Reproducible));
    }
}
