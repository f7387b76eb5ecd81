using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Configuration;

/// <summary>
/// Binds a configuration section onto an options object property by property, so that every bad value, every
/// unknown key and every validation failure is reported with its full key path (not just the first one).
/// </summary>
public static class OptionsBinder
{
    /// <summary>
    /// Creates <paramref name="optionsType"/>, binds <paramref name="section"/> onto it and validates it (data annotations,
    /// then <see cref="IValidatableObject"/>). Keys in <paramref name="ignoredKeys"/> (e.g. <c>Type</c>, child component
    /// sections) are not bound. Problems are appended to <paramref name="problems"/>.
    /// </summary>
    public static object Bind(Type optionsType, IConfigurationSection section, ICollection<ConfigProblem> problems, IEnumerable<string>? ignoredKeys = null)
    {
        var options = Activator.CreateInstance(optionsType)
            ?? throw new InvalidOperationException($"{optionsType.FullName} has no public parameterless constructor");
        BindInto(options, section, problems, ignoredKeys);
        Validate(options, section, problems);
        return options;
    }

    /// <summary>
    /// Binds <paramref name="section"/> onto the existing <paramref name="options"/> without validating: every unknown key and
    /// every value of the wrong type becomes a problem with its full path. Keys in <paramref name="ignoredKeys"/> (and
    /// <c>Type</c>) are skipped.
    /// </summary>
    public static void BindInto(object options, IConfigurationSection section, ICollection<ConfigProblem> problems, IEnumerable<string>? ignoredKeys = null)
    {
        var properties = options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var ignored = new HashSet<string>(ignoredKeys ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase) { "Type" };

        foreach (var child in section.GetChildren())
        {
            if (ignored.Contains(child.Key)) continue;
            if (!properties.TryGetValue(child.Key, out var property))
            {
                problems.Add(new ConfigProblem(child.Path, child.Value, $"unknown key; allowed: {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }
            try
            {
                var value = child.Get(property.PropertyType, o => o.ErrorOnUnknownConfiguration = true);
                if (value is not null) property.SetValue(options, value);
            }
            catch (InvalidOperationException e)
            {
                // The binder's own message names .NET types and its options (ErrorOnUnknownConfiguration): say what the key takes.
                problems.Add(new ConfigProblem(child.Path, child.Value, UnknownChildren(e) is { } unknown
                    ? $"unknown key(s) {unknown} under it"
                    : $"must be {Describe(property.PropertyType)}"));
            }
        }
    }

    /// <summary>Runs data-annotation and <see cref="IValidatableObject"/> validation, reporting each member with its path.</summary>
    public static void Validate(object options, IConfigurationSection section, ICollection<ConfigProblem> problems) =>
        Validate(options, section.Path, member => section[member], problems);

    /// <summary>
    /// Validates <paramref name="options"/>, reporting each member as <c>pathPrefix:Member</c> (just <c>Member</c> when the
    /// prefix is empty) with its raw value from <paramref name="rawValue"/> (else the bound value).
    /// </summary>
    public static void Validate(object options, string pathPrefix, Func<string, string?> rawValue, ICollection<ConfigProblem> problems)
    {
        var results = new List<ValidationResult>();
        // Attributes per property, then the cross-field rules even when an attribute failed (Validator.TryValidateObject
        // would skip them), so every problem is reported at once.
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            Validator.TryValidateProperty(property.GetValue(options), new ValidationContext(options) { MemberName = property.Name }, results);
        if (options is IValidatableObject validatable) results.AddRange(validatable.Validate(new ValidationContext(options)));
        foreach (var result in results)
        {
            var members = result.MemberNames.DefaultIfEmpty("").ToList();
            foreach (var member in members)
            {
                var path = member.Length == 0 ? pathPrefix : pathPrefix.Length == 0 ? member : $"{pathPrefix}:{member}";
                var property = options.GetType().GetProperty(member);
                var raw = member.Length == 0 ? null : rawValue(member) ?? FormatValue(property?.GetValue(options));
                problems.Add(new ConfigProblem(path, raw, Humanize(result.ErrorMessage ?? "invalid", member)));
            }
        }
    }

    private static string Humanize(string message, string member)
    {
        // "The field Steps must be between 1 and 1000." -> "must be between 1 and 1000"
        var prefix = $"The field {member} ";
        var text = message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
        return text.TrimEnd('.');
    }

    private static string? FormatValue(object? value) => value switch
    {
        null => null,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum) return $"one of: {string.Join(", ", Enum.GetNames(t))}";
        if (t == typeof(int) || t == typeof(long)) return "a whole number";
        if (t == typeof(double) || t == typeof(float)) return "a number";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return "text";
        if (t.IsArray || t.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(t)) return "a list (KEY:0, KEY:1, ...)";
        return "a section with its own keys";
    }

    private static string? UnknownChildren(Exception e)
    {
        var message = e.GetBaseException().Message;
        const string marker = "were not found on the instance of type";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) return null;
        var names = message[(at + marker.Length)..].Split(':', 2);
        return names.Length == 2 ? names[1].Trim().TrimEnd('.') : null;
    }
}
