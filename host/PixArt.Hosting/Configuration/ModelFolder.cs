using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Configuration;

/// <summary>
/// Maps a Hugging Face PixArt pipeline folder (<c>model_index.json</c> with <c>transformer/</c>, <c>text_encoder/</c>,
/// <c>tokenizer/</c>, <c>vae/</c>, <c>scheduler/</c>) onto configuration keys, so <c>--model DIR</c> is just another
/// configuration source (overridden by <c>--config</c>, the environment and command-line options). A <c>pixart</c> object
/// in <c>model_index.json</c> (written by the trainer's export) is a configuration section of its own: its components
/// (by plugin id, e.g. a <c>minilm</c> text encoder or an <c>identity</c> codec) replace the Hugging Face ones, which then
/// need no folder; relative <c>Path</c>, <c>TokenizerPath</c> and <c>Weights</c> values resolve against the model folder.
/// </summary>
public static class ModelFolder
{
    /// <summary>The index file of a pipeline folder.</summary>
    public const string IndexFile = "model_index.json";

    /// <summary>The object of <see cref="IndexFile"/> holding the framework's own configuration of the model.</summary>
    public const string OverlayKey = "pixart";

    /// <summary>diffusers scheduler classes and the sampler type each maps to.</summary>
    public static readonly IReadOnlyDictionary<string, string> Schedulers = new Dictionary<string, string>
    {
        ["DPMSolverMultistepScheduler"] = "dpm-solver",
        ["DDIMScheduler"] = "ddim",
        ["SASolverScheduler"] = "sa-solver",
        ["LCMScheduler"] = "lcm",
    };

    /// <summary>The denoiser weights <c>PixArt:Model:Name</c> was given for (the folder's transformer).</summary>
    public const string NamedWeightsKey = "PixArt:Model:Weights";

    /// <summary>
    /// The model name recorded in images: <c>PixArt:Model:Name</c>, unless the denoiser's weights were replaced after the
    /// name was set (then the weights path), else the weights path or the denoiser's type.
    /// </summary>
    public static string Name(IConfiguration configuration, string denoiserType)
    {
        var name = configuration["PixArt:Model:Name"];
        var weights = configuration["PixArt:Denoiser:Weights"];
        var named = configuration[NamedWeightsKey];
        if (name is not null && (named is null || weights == named)) return name;
        return weights ?? name ?? denoiserType;
    }

    /// <summary>The configuration keys for <paramref name="folder"/>; throws <see cref="ConfigurationException"/> naming what is missing.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Read(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw Problem(folder, "model folder not found");
        var indexPath = Path.Combine(full, IndexFile);
        if (!File.Exists(indexPath)) throw Problem(folder, "not a Hugging Face pipeline folder: model_index.json is missing");
        JsonElement index;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(indexPath));
            index = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Problem(indexPath, $"not valid JSON: {e.Message}");
        }
        if (index.ValueKind != JsonValueKind.Object) throw Problem(indexPath, "must be a JSON object naming the pipeline's components");

        string Component(string name, bool required)
        {
            var path = Path.Combine(full, name);
            if (!index.TryGetProperty(name, out _))
            {
                if (required) throw Problem(indexPath, $"names no '{name}' component; a PixArt pipeline needs transformer, text_encoder, tokenizer, vae and scheduler");
                return "";
            }
            if (!Directory.Exists(path)) throw Problem(path, $"component folder missing (model_index.json names '{name}')");
            return path;
        }

        var overlay = index.TryGetProperty(OverlayKey, out var o) && o.ValueKind == JsonValueKind.Object ? Overlay(o, full, indexPath) : [];
        bool Defines(string section) => overlay.Any(kv => kv.Key.StartsWith($"PixArt:{section}:", StringComparison.OrdinalIgnoreCase));
        var keys = new List<KeyValuePair<string, string?>> { new("PixArt:Model:Name", Path.GetFileName(full.TrimEnd('/'))) };
        if (!Defines("Denoiser"))
        {
            keys.Add(new("PixArt:Denoiser:Type", "pixart-transformer"));
            keys.Add(new("PixArt:Denoiser:Weights", Component("transformer", true)));
            keys.Add(new("PixArt:Denoiser:TimestepConditioning:Type", "adaln-single"));
            keys.Add(new("PixArt:Denoiser:TextConditioning:Type", "cross-attention"));
        }
        if (!Defines("TextEncoder"))
        {
            keys.Add(new("PixArt:TextEncoder:Type", "t5"));
            keys.Add(new("PixArt:TextEncoder:Path", Component("text_encoder", true)));
            var tokenizer = Component("tokenizer", false);
            if (tokenizer.Length > 0) keys.Add(new("PixArt:TextEncoder:TokenizerPath", tokenizer));
        }
        if (!Defines("Codec"))
        {
            keys.Add(new("PixArt:Codec:Type", "sd-vae"));
            keys.Add(new("PixArt:Codec:Path", Component("vae", true)));
        }
        if (!Defines("Sampler")) keys.AddRange(SchedulerKeys(Component("scheduler", true)));
        keys.AddRange(overlay);
        // The overlay wins over what the folder implies (its Model:Name over the folder's name).
        var merged = keys.GroupBy(k => k.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToList();
        // What the name stands for: a denoiser set elsewhere (--set PixArt:Denoiser:Weights=...) renames the model.
        if (merged.FirstOrDefault(k => k.Key.Equals("PixArt:Denoiser:Weights", StringComparison.OrdinalIgnoreCase)).Value is { } weights)
            merged.Add(new(NamedWeightsKey, weights));
        return merged;
    }

    // The pixart object flattened to configuration keys; paths a component reads resolve against the model folder.
    private static List<KeyValuePair<string, string?>> Overlay(JsonElement overlay, string folder, string indexPath)
    {
        var keys = new List<KeyValuePair<string, string?>>();
        void Walk(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject()) Walk(property.Value, $"{path}:{property.Name}");
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in element.EnumerateArray()) Walk(item, $"{path}:{i++}");
                    break;
                case JsonValueKind.String:
                    var text = element.GetString()!;
                    var name = path[(path.LastIndexOf(':') + 1)..];
                    keys.Add(new(path, name is "Path" or "TokenizerPath" or "Weights" && !Path.IsPathRooted(text) ? Path.Combine(folder, text) : text));
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    keys.Add(new(path, element.GetRawText()));
                    break;
            }
        }
        Walk(overlay, "PixArt");
        if (keys.Any(k => k.Key.StartsWith("PixArt:Runtime:", StringComparison.OrdinalIgnoreCase) || k.Key.StartsWith("PixArt:Plugins:", StringComparison.OrdinalIgnoreCase)))
            throw Problem(indexPath, $"the '{OverlayKey}' section may describe the model's components only, not Runtime or Plugins");
        return keys;
    }

    private static IEnumerable<KeyValuePair<string, string?>> SchedulerKeys(string folder)
    {
        var configPath = Path.Combine(folder, "scheduler_config.json");
        if (!File.Exists(configPath)) throw Problem(configPath, "scheduler config missing");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(configPath));
        }
        catch (JsonException e)
        {
            throw Problem(configPath, $"not valid JSON: {e.Message}");
        }
        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Problem(configPath, "must be a JSON object");
        var className = root.TryGetProperty("_class_name", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? "" : "";
        if (!Schedulers.TryGetValue(className, out var type))
            throw Problem(configPath, $"scheduler class '{className}' is not supported; supported: {string.Join(", ", Schedulers.Keys)}");
        yield return new("PixArt:Sampler:Type", type);
        // Only settings every sampler shares, so choosing another sampler on the command line stays valid.
        if (root.TryGetProperty("num_train_timesteps", out var n)) yield return new("PixArt:Sampler:TrainTimesteps", n.GetRawText());
        if (root.TryGetProperty("beta_start", out var bs)) yield return new("PixArt:Sampler:BetaStart", bs.GetRawText());
        if (root.TryGetProperty("beta_end", out var be)) yield return new("PixArt:Sampler:BetaEnd", be.GetRawText());
        if (root.TryGetProperty("beta_schedule", out var sched) && sched.ValueKind == JsonValueKind.String)
            yield return new("PixArt:Sampler:BetaSchedule", sched.GetString());
    }

    private static ConfigurationException Problem(string path, string message) =>
        new(new[] { new ConfigProblem("--model", path, message) });
}
