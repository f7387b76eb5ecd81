using System.CommandLine;
using System.Globalization;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Images;
using PixArt.Hosting.Weights;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart info FILE</c>: the generation parameters stored in a PNG, or what a checkpoint holds (its stored metadata,
/// among them the key layout <c>pixart.layout</c> that <c>convert</c> and training write and loading reads back; tensor
/// and parameter counts; dtypes).
/// </summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A PNG written by `pixart generate`, or a checkpoint: .safetensors, *.safetensors.index.json, .pth/.bin, or a component folder holding one.",
        };
        var command = new Command("info", "Print the generation parameters (prompt, negative prompt, seed, sampler, steps, guidance, size, model) stored in a PNG, "
                                          + "or a checkpoint's metadata (key layout), tensor count, parameter count and dtypes.");
        command.Arguments.Add(file);
        command.SetAction(result => CliErrors.Run(() =>
        {
            var path = result.GetValue(file)!;
            var lines = IsCheckpoint(path) ? Checkpoint(path) : Png(path);
            // Stored text comes from whoever wrote the file: control characters and escape sequences are shown, not obeyed.
            foreach (var (key, value) in lines) Console.WriteLine($"{TerminalText.Escape(key)}: {TerminalText.Escape(value)}");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static readonly string[] CheckpointSuffixes = [".safetensors", ".index.json", ".pth", ".bin", ".pt", ".ckpt"];

    private static bool IsCheckpoint(string path) =>
        Directory.Exists(path) || CheckpointSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<KeyValuePair<string, string>> Png(string path)
    {
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
        return parameters;
    }

    private static List<KeyValuePair<string, string>> Checkpoint(string path)
    {
        try
        {
            using var source = new WeightStore().Open(path);
            var described = source.Keys.Select(source.Describe).ToList();
            var parameters = described.Sum(w => w.Shape.Aggregate(1L, (a, b) => a * b));
            var lines = new List<KeyValuePair<string, string>>
            {
                new("file", source.Path),
                new("layout", source.Metadata.TryGetValue(MetadataKeys.Layout, out var layout) ? layout : "not recorded (loading guesses it from the keys)"),
                new("tensors", described.Count.ToString(CultureInfo.InvariantCulture)),
                new("parameters", parameters.ToString("N0", CultureInfo.InvariantCulture)),
                new("dtypes", string.Join(", ", described.GroupBy(w => w.DType).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({g.Count()})"))),
            };
            lines.AddRange(source.Metadata.Where(m => m.Key != MetadataKeys.Layout).OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => new KeyValuePair<string, string>($"metadata {m.Key}", m.Value)));
            return lines;
        }
        catch (WeightFormatException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
