using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PixArt.Cli.Parsing;

/// <summary>
/// Typed options whose parse errors talk to users: <c>--steps = '1e6': must be a whole number (e.g. 20)</c> instead of
/// System.CommandLine's message with the .NET type name. Ranges are checked where the value is used (the generation
/// planner, the configuration validators), so they are stated once; these parsers only check the form.
/// </summary>
internal static class CliValues
{
    /// <summary>An optional whole-number option (<c>int?</c>); <paramref name="example"/> is shown when the text is not one.</summary>
    public static Option<int?> Int(string name, string description, int example, params string[] aliases)
    {
        var option = new Option<int?>(name, aliases) { Description = description };
        option.CustomParser = r => ParseLong(r, name, example, int.MinValue, int.MaxValue) is { } v ? (int)v : null;
        return option;
    }

    /// <summary>A whole-number option with a default (<c>int</c>).</summary>
    public static Option<int> Int(string name, string description, Func<int> fallback, int example)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback() };
        option.CustomParser = r => ParseLong(r, name, example, int.MinValue, int.MaxValue) is { } v ? (int)v : 0;
        return option;
    }

    /// <summary>An optional 64-bit whole-number option (<c>long?</c>).</summary>
    public static Option<long?> Long(string name, string description, long example)
    {
        var option = new Option<long?>(name) { Description = description };
        option.CustomParser = r => ParseLong(r, name, example, long.MinValue, long.MaxValue);
        return option;
    }

    /// <summary>An optional finite number option (<c>double?</c>): <c>inf</c> and <c>NaN</c> are refused.</summary>
    public static Option<double?> Number(string name, string description, double example)
    {
        var option = new Option<double?>(name) { Description = description };
        option.CustomParser = r =>
        {
            var text = Single(r);
            if (text is null) return null;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
            r.AddError($"{name} = '{text}': must be a finite number (e.g. {example.ToString(CultureInfo.InvariantCulture)})");
            return null;
        };
        return option;
    }

    private static long? ParseLong(ArgumentResult result, string name, long example, long min, long max)
    {
        var text = Single(result);
        if (text is null) return null;
        var whole = System.Numerics.BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big);
        if (whole && big >= min && big <= max) return (long)big;
        result.AddError(whole
            ? $"{name} = '{text}': too {(big > max ? "large" : "small")}; must be a whole number {(big > max ? $"up to {max.ToString(CultureInfo.InvariantCulture)}" : $"from {min.ToString(CultureInfo.InvariantCulture)}")} (e.g. {example.ToString(CultureInfo.InvariantCulture)})"
            : $"{name} = '{text}': must be a whole number (e.g. {example.ToString(CultureInfo.InvariantCulture)})");
        return null;
    }

    private static string? Single(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
}
