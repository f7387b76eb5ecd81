using System.CommandLine;
using System.CommandLine.Help;
using PixArt.Cli.Commands;
using PixArt.Cli.Parsing;

namespace PixArt.Cli;

/// <summary>The <c>pixart</c> command tree.</summary>
internal static class CliApplication
{
    /// <summary>The command name help and errors show (the executable is <c>pixart</c>, whatever the assembly is called).</summary>
    public const string Name = "pixart";

    /// <summary>
    /// Response files (<c>@file</c>) are off: an argument starting with <c>@</c> is text (a prompt may start with one), never
    /// the contents and options of a file.
    /// </summary>
    public static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static Command Create()
    {
        // A plain command rather than RootCommand, whose name is the executable's file name (PixArt.Cli).
        var root = new Command(Name, "PixArt.Framework: run and train PixArt-α text-to-image diffusion transformers on TorchSharp/libtorch. Exit codes and output rules: docs/cli.md.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }

    public static int Run(string[] args)
    {
        var result = Create().Parse(args, Parsing);
        // Help and version are answered even when other tokens are wrong; any other parse error is one line and exit 2.
        if (result.Errors.Count > 0 && result.Action is not HelpAction)
        {
            CliErrors.Error(CliParseErrors.Describe(result));
            return CliErrors.BadInput;
        }
        // Signals are handled by the commands themselves (SignalCancellation): they stop between steps.
        return result.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }
}
