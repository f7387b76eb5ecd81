using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Configuration;

/// <summary>
/// Builds the configuration in the documented order, later sources winning: <c>appsettings.json</c> next to the
/// application, a model folder's keys (<c>--model DIR</c>), the experiment overlay (<c>--config FILE</c>), environment variables (<c>PixArt__Sampler__Steps</c>),
/// then command-line overrides (<c>--set PixArt:Sampler:Steps=30</c> and the commands' own options).
/// </summary>
public static class PixArtConfiguration
{
    /// <summary>
    /// Builds the configuration. <paramref name="overlayFile"/> must exist (its folder becomes the base for relative paths);
    /// <paramref name="overrides"/> are key/value pairs applied last.
    /// </summary>
    public static (IConfigurationRoot Configuration, string BaseDirectory) Build(string? overlayFile, IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        IEnumerable<KeyValuePair<string, string?>>? modelDefaults = null)
    {
        var (configuration, baseDirectory) = Build(overlayFile, overrides, modelDefaults, weightsDefaults: null);
        // A denoiser folder saved by `pixart convert` records its conditioning types: they sit above the model's keys.
        var recorded = WeightsFolderDefaults.Keys(configuration, baseDirectory);
        return recorded.Count == 0 ? (configuration, baseDirectory) : Build(overlayFile, overrides, modelDefaults, recorded);
    }

    private static (IConfigurationRoot Configuration, string BaseDirectory) Build(string? overlayFile, IEnumerable<KeyValuePair<string, string?>>? overrides,
        IEnumerable<KeyValuePair<string, string?>>? modelDefaults, IEnumerable<KeyValuePair<string, string?>>? weightsDefaults)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        // A model folder (--model) sits between the shipped defaults and the experiment overlay.
        if (modelDefaults is not null) builder.AddInMemoryCollection(modelDefaults);
        if (weightsDefaults is not null) builder.AddInMemoryCollection(weightsDefaults);
        var baseDirectory = Environment.CurrentDirectory;
        if (overlayFile is not null)
        {
            var full = Path.GetFullPath(overlayFile);
            if (!File.Exists(full))
                throw new ConfigurationException(new[] { new ConfigProblem("--config", overlayFile, "file not found") });
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
            baseDirectory = Path.GetDirectoryName(full)!;
        }
        builder.AddEnvironmentVariables();
        if (overrides is not null) builder.AddInMemoryCollection(overrides);
        try
        {
            return (builder.Build(), baseDirectory);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException(new[] { overlayFile is null
                ? new ConfigProblem("appsettings.json", null, $"not valid JSON: {e.GetBaseException().Message}")
                : new ConfigProblem("--config", overlayFile, $"not valid JSON: {e.GetBaseException().Message}") });
        }
    }

    /// <summary>The sections that make up a model: an overlay naming one of them brings its own model.</summary>
    public static readonly IReadOnlyList<string> ModelSections = ["PixArt:Denoiser", "PixArt:TextEncoder", "PixArt:Codec"];

    /// <summary>Whether the overlay <paramref name="overlayFile"/> configures a model component (<see cref="ModelSections"/>).</summary>
    public static bool NamesModelComponents(string overlayFile)
    {
        var full = Path.GetFullPath(overlayFile);
        if (!File.Exists(full)) throw new ConfigurationException(new[] { new ConfigProblem("--config", overlayFile, "file not found") });
        IConfigurationRoot overlay;
        try
        {
            overlay = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigurationException(new[] { new ConfigProblem("--config", overlayFile, $"not valid JSON: {e.GetBaseException().Message}") });
        }
        return ModelSections.Any(s => overlay.GetSection(s).Exists());
    }

    /// <summary>Parses <c>KEY=VALUE</c> overrides; a malformed one is reported with the allowed form.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> ParseOverrides(IEnumerable<string> assignments)
    {
        var result = new List<KeyValuePair<string, string?>>();
        var problems = new List<ConfigProblem>();
        foreach (var a in assignments)
        {
            var eq = a.IndexOf('=');
            if (eq <= 0) problems.Add(new ConfigProblem("--set", a, "expected KEY=VALUE, e.g. PixArt:Sampler:Steps=30"));
            else result.Add(new(a[..eq].Trim(), a[(eq + 1)..]));
        }
        if (problems.Count > 0) throw new ConfigurationException(problems);
        return result;
    }
}
