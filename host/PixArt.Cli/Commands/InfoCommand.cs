using System.CommandLine;
using PixArt.Hosting.Images;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart info IMAGE.png</c>: prints the generation parameters stored in a PNG.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("image") { Description = "A PNG written by `pixart generate`." };
        var command = new Command("info", "Print the generation parameters (prompt, negative prompt, seed, sampler, steps, guidance, size, model) stored in a PNG.");
        command.Arguments.Add(image);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var path = result.GetValue(image)!;
            IReadOnlyList<KeyValuePair<string, string>> parameters;
            try
            {
                parameters = PngImageWriter.ReadParameters(path);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException(e.Message);
            }
            if (parameters.Count == 0) throw new CliUsageException($"{path}: no generation parameters stored in this PNG");
            // PNG text comes from whoever wrote the file: control characters and escape sequences are shown, not obeyed.
            foreach (var (key, value) in parameters) Console.WriteLine($"{TerminalText.Escape(key)}: {TerminalText.Escape(value)}");
            return CliErrors.Ok;
        }));
        return command;
    }
}
