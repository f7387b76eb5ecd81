using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace PixArt.Hosting.Configuration;

/// <summary>
/// What a denoiser folder written by <c>pixart convert</c> (the transformer plugin's save) records about itself: the
/// <c>Type</c> ids of its conditioning children, under <c>pixart_conditioning</c> in its <c>config.json</c>. When
/// <c>PixArt:Denoiser:Weights</c> names such a folder, those ids become defaults (above a model folder's and the embedded
/// model's keys, below an overlay, the environment and the command line), so the folder loads without other settings.
/// </summary>
public static class WeightsFolderDefaults
{
    /// <summary>The key of <c>config.json</c> holding the ids (written by the transformer plugin).</summary>
    public const string Key = "pixart_conditioning";

    /// <summary>The conditioning keys recorded by the folder <paramref name="configuration"/>'s denoiser weights name, if any.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Keys(IConfiguration configuration, string baseDirectory)
    {
        var weights = configuration["PixArt:Denoiser:Weights"];
        if (string.IsNullOrWhiteSpace(weights)) return [];
        var folder = Path.GetFullPath(Path.Combine(baseDirectory, weights));
        if (Directory.Exists(Path.Combine(folder, "transformer")) && File.Exists(Path.Combine(folder, "model_index.json"))) folder = Path.Combine(folder, "transformer");
        var file = Path.Combine(folder, "config.json");
        if (!Directory.Exists(folder) || !File.Exists(file)) return [];
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(Key, out var recorded) || recorded.ValueKind != JsonValueKind.Object) return [];
            return recorded.EnumerateObject()
                .Where(p => p.Name is "TimestepConditioning" or "TextConditioning" && p.Value.ValueKind == JsonValueKind.String)
                .Select(p => new KeyValuePair<string, string?>($"PixArt:Denoiser:{p.Name}:Type", p.Value.GetString()))
                .ToList();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return []; // the denoiser reports an unreadable config.json with its own message
        }
    }
}
