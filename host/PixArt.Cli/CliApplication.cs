using System.CommandLine;
using PixArt.Cli.Commands;

namespace PixArt.Cli;

/// <summary>The <c>pixart</c> command tree.</summary>
internal static class CliApplication
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("PixArt.Framework: run and train PixArt-α text-to-image diffusion transformers on TorchSharp/libtorch.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        // Signals are handled by the commands themselves (SignalCancellation): they stop between steps.
        return root.Parse(args).Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
