using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Sampling;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Startup;

namespace PixArt.Hosting.Generation;

/// <summary>
/// Resolves the sampler of a request: the requested type (or the configured <c>PixArt:Sampler:Type</c>), options from the
/// <c>PixArt:Sampler</c> section (all of it for the configured type; the shared steps, guidance and schedule settings for
/// another), then the request's <see cref="GenerationRequest.SamplerOptions"/>, <see cref="GenerationRequest.Steps"/> and
/// <see cref="GenerationRequest.GuidanceScale"/>. Every problem names the request field.
/// </summary>
public sealed class SamplerResolver(PixArtHostSettings settings, PluginCatalog plugins, ComponentActivator activator)
{
    private static readonly HashSet<string> SharedKeys =
        typeof(SamplerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sampler of <paramref name="request"/>, or null with the reasons appended to <paramref name="problems"/>.</summary>
    public SamplerChoice? Resolve(GenerationRequest request, ICollection<RequestProblem> problems)
    {
        var section = settings.Configuration.GetSection(PipelineSlots.Sampler.Path);
        var configured = section["Type"];
        var typeId = request.Sampler ?? configured;
        var loaded = string.Join(", ", plugins.TypeIds(ComponentKind.Sampler));
        if (request.Sampler is not null && string.IsNullOrWhiteSpace(request.Sampler))
        {
            problems.Add(new RequestProblem(nameof(GenerationRequest.Sampler), request.Sampler, $"must name a sampler; loaded: {loaded}"));
            return null;
        }
        if (string.IsNullOrWhiteSpace(typeId))
        {
            problems.Add(new RequestProblem(nameof(GenerationRequest.Sampler), null, $"no sampler requested and none configured ({PipelineSlots.Sampler.Path}:Type); loaded: {loaded}"));
            return null;
        }
        if (plugins.Find(ComponentKind.Sampler, typeId) is not { } found)
        {
            problems.Add(new RequestProblem(nameof(GenerationRequest.Sampler), typeId, $"unknown sampler; loaded: {loaded}"));
            return null;
        }

        var options = (SamplerOptions)Activator.CreateInstance(found.Component.OptionsType)!;
        // Problems of the configured section were reported at start; only the request's own are new here.
        var ignored = typeId == configured ? null : section.GetChildren().Select(c => c.Key).Where(k => !SharedKeys.Contains(k));
        OptionsBinder.BindInto(options, section, new List<ConfigProblem>(), ignored);

        var found0 = problems.Count;
        var raw = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (request.SamplerOptions is { Count: > 0 } requested)
        {
            var values = requested.ToDictionary(o => $"{nameof(GenerationRequest.SamplerOptions)}:{o.Key}", o => (string?)o.Value);
            var requestSection = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(nameof(GenerationRequest.SamplerOptions));
            var bindProblems = new List<ConfigProblem>();
            OptionsBinder.BindInto(options, requestSection, bindProblems, ["Type"]);
            foreach (var p in bindProblems) problems.Add(new RequestProblem(p.Path, p.Value, p.Message));
            if (requested.Keys.Contains("Type", StringComparer.OrdinalIgnoreCase))
                problems.Add(new RequestProblem($"{nameof(GenerationRequest.SamplerOptions)}:Type", requested.First(o => o.Key.Equals("Type", StringComparison.OrdinalIgnoreCase)).Value,
                    $"the sampler is chosen with the {nameof(GenerationRequest.Sampler)} field"));
            foreach (var (key, value) in requested) raw[key] = value;
        }
        if (request.Steps is { } steps) (options.Steps, raw[nameof(SamplerOptions.Steps)]) = (steps, Text(steps));
        if (request.GuidanceScale is { } guidance) (options.GuidanceScale, raw[nameof(SamplerOptions.GuidanceScale)]) = (guidance, Text(guidance));

        var invalid = new List<ConfigProblem>();
        OptionsBinder.Validate(options, "", member => raw.GetValueOrDefault(member), invalid);
        foreach (var p in invalid) problems.Add(new RequestProblem(FieldOf(p.Path), p.Value, p.Message));
        if (problems.Count > found0) return null;

        var context = activator.Context(PipelineSlots.Sampler.Path, options);
        var factory = activator.Factory<ISamplerFactory>(ComponentKind.Sampler, typeId);
        return new SamplerChoice(typeId, factory, context, factory.Describe(context), options, ChangedOptions(options));
    }

    // Steps and guidance are request fields of their own; every other sampler option is a SamplerOptions entry.
    private static string FieldOf(string member) =>
        member is nameof(SamplerOptions.Steps) or nameof(SamplerOptions.GuidanceScale) or "" ? member : $"{nameof(GenerationRequest.SamplerOptions)}:{member}";

    private static Dictionary<string, string> ChangedOptions(SamplerOptions options)
    {
        var defaults = Activator.CreateInstance(options.GetType())!;
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.Name is nameof(SamplerOptions.Steps) or nameof(SamplerOptions.GuidanceScale)) continue;
            var (value, fallback) = (property.GetValue(options), property.GetValue(defaults));
            if (!Equals(value, fallback)) changed[property.Name] = Text(value);
        }
        return changed;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
