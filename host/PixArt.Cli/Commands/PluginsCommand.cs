using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;

namespace PixArt.Cli.Commands;

/// <summary><c>pixart plugins list</c>: every loaded plugin and the components, options and defaults it registers.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var plugins = new Command("plugins", "Inspect plugins.");
        var list = new Command("list", "List every loaded plugin (id, version, path) and each component it registers: kind, Type id, options with defaults and allowed ranges. Plugins that failed to load are listed with the reason.");
        list.SetAction(result => CliErrors.Run(() => List(result)));
        plugins.Subcommands.Add(list);
        return plugins;
    }

    private static int List(ParseResult result)
    {
        var (configuration, baseDirectory) = PixArtConfiguration.Build(result.GetValue(GlobalOptions.Config), GlobalOptions.Overrides(result));
        var problems = new List<ConfigProblem>();
        var options = (PluginOptions)OptionsBinder.Bind(typeof(PluginOptions), configuration.GetSection(PluginOptions.SectionPath), problems);
        if (problems.Count > 0) throw new ConfigurationException(problems);
        var catalog = PluginCatalog.Load(options.Folders(baseDirectory), configuration);

        foreach (var plugin in catalog.Plugins.OrderBy(p => p.Manifest.Id, StringComparer.Ordinal))
        {
            Console.WriteLine($"{plugin.Manifest.Id} {plugin.Manifest.Version} — {plugin.Manifest.Description}");
            Console.WriteLine($"  path: {plugin.AssemblyPath}");
            Console.WriteLine($"  kinds: {string.Join(", ", plugin.Manifest.Kinds.Select(ComponentKinds.DisplayName))}; contract {plugin.Manifest.ContractVersion}");
            foreach (var component in plugin.Components)
            {
                Console.WriteLine($"  {ComponentKinds.DisplayName(component.Kind)} \"Type\": \"{component.TypeId}\" — {component.Description}");
                foreach (var line in DescribeOptions(component.OptionsType)) Console.WriteLine($"      {line}");
            }
            Console.WriteLine();
        }
        foreach (var problem in catalog.Problems) Console.WriteLine($"FAILED {problem}");
        return catalog.Problems.Count == 0 ? CliErrors.Ok : CliErrors.Failure;
    }

    /// <summary>One line per option: name, type, default, range.</summary>
    internal static IEnumerable<string> DescribeOptions(Type optionsType)
    {
        object? defaults;
        try
        {
            defaults = Activator.CreateInstance(optionsType);
        }
        catch (MissingMethodException)
        {
            defaults = null;
        }
        foreach (var property in optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).OrderBy(p => p.MetadataToken))
        {
            var value = defaults is null ? null : property.GetValue(defaults);
            var range = property.GetCustomAttribute<RangeAttribute>();
            var rangeText = range is null ? "" : $"  [{range.Minimum} .. {range.Maximum}]";
            Console.Out.Flush();
            yield return $"{property.Name} ({TypeName(property.PropertyType)}) = {Format(value)}{rangeText}";
        }
    }

    private static string TypeName(Type t)
    {
        var inner = Nullable.GetUnderlyingType(t);
        if (inner is not null) return TypeName(inner) + "?";
        if (t.IsEnum) return string.Join("|", Enum.GetNames(t));
        if (t.IsGenericType) return $"{t.Name.Split('`')[0]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>";
        return t.Name switch { "Int32" => "int", "Int64" => "long", "Double" => "number", "Single" => "number", "Boolean" => "bool", "String" => "string", _ => t.Name };
    }

    private static string Format(object? value) => value switch
    {
        null => "(none)",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };
}
