using System.Diagnostics;
using PixArt.Cli;

namespace PixArt.Tests.Shared;

/// <summary>
/// Runs <c>pixart</c> in this process with captured output (one call at a time: the console is process-wide), or as a
/// child process of the CLI built next to the tests. Compiled into the test projects that reference PixArt.Cli.
/// </summary>
internal static class PixArtCli
{
    private static readonly object Gate = new();

    /// <summary>Runs <paramref name="args"/> in this process; returns the exit code and what was written to standard output and error.</summary>
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                var code = CliApplication.Run(args);
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }

    /// <summary><c>dotnet PixArt.Cli.dll ARGS</c> with standard output and error redirected (adjust it before starting).</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PixArt.Cli.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    /// <summary>Starts <c>pixart</c> as a child process (standard output and error redirected).</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(args))!;
}
