using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Training;

/// <summary>
/// The fully resolved experiment as the run saw it (every <c>PixArt</c> key after files, environment and <c>--set</c>),
/// written to <c>RUN/experiment.json</c> as the official trainer saves its config, and its fingerprint: a checkpoint
/// made under another experiment is refused on resume. Settings that change how a run is observed or where it runs
/// (logging, checkpoint and grid cadence, the feature cache's folder, device, plugin folders) are left out of the fingerprint.
/// </summary>
public static class ExperimentRecord
{
    /// <summary>File name in the run folder.</summary>
    public const string FileName = "experiment.json";

    private static readonly string[] Observational =
    [
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.LogEvery)}",
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.CheckpointEvery)}",
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.KeepCheckpoints)}",
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.SampleEvery)}",
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.Samples)}",
        $"{TrainingOptions.SectionPath}:{nameof(TrainingOptions.FeatureCache)}",
        "PixArt:Runtime", "PixArt:Plugins", "PixArt:Generation", "PixArt:Server",
    ];

    /// <summary>The experiment's keys and values under <c>PixArt</c>, ordered.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Keys(IConfiguration configuration) =>
        configuration.GetSection("PixArt").AsEnumerable()
            .Where(kv => kv.Value is not null)
            .Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!))
            .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>SHA-256 (hex) of the keys that decide what is computed.</summary>
    public static string Fingerprint(IConfiguration configuration)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in Keys(configuration))
        {
            if (Observational.Any(o => key.Equals(o, StringComparison.OrdinalIgnoreCase) || key.StartsWith(o + ":", StringComparison.OrdinalIgnoreCase))) continue;
            text.Append(key.ToLowerInvariant()).Append('=').Append(value).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    /// <summary>Writes <c>experiment.json</c> into <paramref name="runFolder"/> (lists as arrays, values as configured).</summary>
    public static void Write(string runFolder, IConfiguration configuration)
    {
        var root = new JsonObject();
        foreach (var (key, value) in Keys(configuration))
        {
            var parts = key.Split(':');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (node[parts[i]] is not JsonObject child) node[parts[i]] = child = new JsonObject();
                node = child;
            }
            node[parts[^1]] = value;
        }
        var json = Arrays(root)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(Path.Combine(runFolder, FileName), json + "\n");
    }

    // A configuration list is an object keyed 0..n-1: written back as a JSON array.
    private static JsonNode? Arrays(JsonNode? node)
    {
        if (node is not JsonObject obj) return node?.DeepClone();
        var children = obj.Select(kv => (kv.Key, Value: Arrays(kv.Value))).ToList();
        var indices = children.Select(c => int.TryParse(c.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1).ToList();
        if (children.Count > 0 && indices.Order().SequenceEqual(Enumerable.Range(0, children.Count)))
            return new JsonArray(children.Zip(indices).OrderBy(c => c.Second).Select(c => c.First.Value).ToArray());
        var result = new JsonObject();
        foreach (var (key, value) in children) result[key] = value;
        return result;
    }
}
