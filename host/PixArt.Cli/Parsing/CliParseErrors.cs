using System.CommandLine;
using System.CommandLine.Parsing;

namespace PixArt.Cli.Parsing;

/// <summary>
/// Turns System.CommandLine's parse errors into the one line a user needs: the flag or argument, what is wrong and what is
/// allowed (or the nearest option name), instead of .NET type names and a full help dump. The first error is reported: the
/// others are usually its consequences (the value of an unknown option is itself "unrecognized").
/// </summary>
internal static class CliParseErrors
{
    public static string Describe(ParseResult result)
    {
        var error = result.Errors[0];
        var command = result.CommandResult.Command;
        var path = CommandPath(command);
        if ((result.UnmatchedTokens.Count > 0 && error.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) || error.Message.StartsWith("Required command", StringComparison.Ordinal))
            return Unmatched(result, command, path);
        if (error.SymbolResult is OptionResult { Option: var option } && error.Message.StartsWith("Option '", StringComparison.Ordinal) && error.Message.EndsWith("is required.", StringComparison.Ordinal))
            return $"{option.Name} is required: {Summary(option.Description)} (see '{path} --help')";
        if (error.SymbolResult is OptionResult { Option: var missing } && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return $"{missing.Name} needs a value: {Summary(missing.Description)}";
        if (error.SymbolResult is ArgumentResult { Argument: var argument } && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return $"{path} needs {argument.Name.ToUpperInvariant()}: {Summary(argument.Description)}";
        if (error.SymbolResult is CommandResult && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal) && command.Arguments.Count > 0)
            return $"{path} needs {command.Arguments[0].Name.ToUpperInvariant()}: {Summary(command.Arguments[0].Description)}";
        if (error.SymbolResult is OptionResult { Option: var restricted } && error.Message.StartsWith("Argument '", StringComparison.Ordinal) && error.Message.Contains("not recognized", StringComparison.Ordinal))
        {
            var value = error.Message.Split('\'')[1];
            var allowed = error.Message[(error.Message.IndexOf("one of:", StringComparison.Ordinal) + "one of:".Length)..].Split(['\'', ';', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return $"{restricted.Name} = '{value}': allowed: {string.Join(", ", allowed)}";
        }
        // Our own parsers' messages already name the flag and what is allowed.
        return error.Message.TrimEnd('.');
    }

    private static string Unmatched(ParseResult result, Command command, string path)
    {
        var token = result.UnmatchedTokens.Count > 0 ? result.UnmatchedTokens[0] : null;
        if (token is null || command.Subcommands.Count > 0 && !token.StartsWith('-'))
        {
            var commands = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
            var nearest = token is null ? null : Nearest(token, command.Subcommands.Select(c => c.Name));
            var what = token is null ? $"{path} needs a command" : $"unknown command '{token}' for '{path}'";
            return $"{what}; allowed: {commands}{(nearest is null ? "" : $"; did you mean '{nearest}'?")} (see '{path} --help')";
        }
        if (token.StartsWith('-') && !AfterDoubleDash(result, token))
        {
            var names = AllOptions(command).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct().ToList();
            var nearest = Nearest(token.Split('=', ':')[0], names);
            return $"unknown option '{token}' for '{path}'{(nearest is null ? "" : $"; did you mean '{nearest}'?")} (see '{path} --help' for its options)";
        }
        var takes = command.Arguments.Count == 0 ? "takes no arguments" : $"takes {command.Arguments.Count} argument(s): {string.Join(", ", command.Arguments.Select(a => a.Name.ToUpperInvariant()))}";
        if (token.StartsWith('-'))
            return $"unexpected argument '{token}': '{path}' {takes}; a prompt starting with '-' is passed as --prompt=-text (docs/cli.md)";
        return $"unexpected argument '{token}': '{path}' {takes}; values of options follow their flag, e.g. --prompt \"...\" (see '{path} --help')";
    }

    // After "--" every token is an argument, even one that looks like an option.
    private static bool AfterDoubleDash(ParseResult result, string token)
    {
        var tokens = result.Tokens.Select(t => t.Value).ToList();
        var dash = tokens.IndexOf("--");
        return dash >= 0 && tokens.IndexOf(token, dash + 1) > dash;
    }

    /// <summary>The options a command accepts: its own and the recursive ones of its parents.</summary>
    public static IEnumerable<Option> AllOptions(Command command)
    {
        foreach (var o in command.Options) yield return o;
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            foreach (var o in parent.Options.Where(o => o.Recursive)) yield return o;
    }

    public static string CommandPath(Command command)
    {
        var names = new List<string> { command.Name };
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            names.Insert(0, parent.Name);
        return string.Join(' ', names);
    }

    private static string Summary(string? description)
    {
        if (string.IsNullOrWhiteSpace(description)) return "see the help";
        var end = description.IndexOf(". ", StringComparison.Ordinal);
        var text = (end < 0 ? description : description[..end]).TrimEnd('.');
        return text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
    }

    /// <summary>The candidate closest to <paramref name="token"/> by edit distance, when it is close (at most a third of its length).</summary>
    private static string? Nearest(string token, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(token, candidate);
            if (d < bestDistance) (best, bestDistance) = (candidate, d);
        }
        return best is not null && bestDistance <= Math.Max(1, best.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
