using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Runtime;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart data ID --out DIR</c>: builds a training data set with the data set builder <c>ID</c> (e.g. <c>emoji</c>), its
/// options from <c>PixArt:Data:ID</c>. Nothing is left half-written on failure or Ctrl+C.
/// </summary>
internal static class DataCommand
{
    /// <summary>The section a builder's options come from.</summary>
    public const string SectionPath = "PixArt:Data";

    public static Command Create()
    {
        var id = new Argument<string>("builder") { Description = "Data set builder id (pixart plugins list shows them), e.g. emoji." };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write the data set into, relative to the current folder.", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the folder when it already holds a data set." };
        var command = new Command("data", "Build a training data set (images, captions.jsonl, classes.json, licences) with a data set builder plugin; its options come from PixArt:Data:<builder>.");
        command.Arguments.Add(id);
        command.Options.Add(output);
        command.Options.Add(overwrite);
        command.SetAction(result => CliErrors.Run(() =>
        {
            using var signals = new SignalCancellation();
            var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result));
            using var host = CliHost.Build(configuration, baseDirectory, [], AutoDTypePolicy.Reproducible);
            var typeId = result.GetValue(id)!;
            var catalog = host.Services.GetRequiredService<PluginCatalog>();
            if (catalog.Find(ComponentKind.DatasetBuilder, typeId) is not { } found)
                throw new ConfigurationException([new ConfigProblem("builder", typeId, $"unknown data set builder; loaded: {string.Join(", ", catalog.TypeIds(ComponentKind.DatasetBuilder))}")]);
            var problems = new List<ConfigProblem>();
            var section = configuration.GetSection($"{SectionPath}:{typeId}");
            var options = OptionsBinder.Bind(found.Component.OptionsType, section, problems);
            OptionsBinder.Validate(options, section, problems);
            if (problems.Count > 0) throw new ConfigurationException(problems);
            var activator = host.Services.GetRequiredService<ComponentActivator>();
            var builder = activator.Factory<IDatasetBuilder>(ComponentKind.DatasetBuilder, typeId);
            var folder = Path.GetFullPath(result.GetValue(output)!);
            var progress = new Progress<ProgressUpdate>(p => Console.Error.WriteLine($"{p.Stage} {p.Step}/{p.Total}{(p.Message is null ? "" : " " + p.Message)}"));
            builder.BuildAsync(activator.Context(section.Path, options), folder, result.GetValue(overwrite), progress, signals.Token).GetAwaiter().GetResult();
            Console.WriteLine(folder);
            return CliErrors.Ok;
        }));
        return command;
    }
}
