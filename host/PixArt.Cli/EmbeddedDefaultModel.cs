using PixArt.Hosting.Configuration;

namespace PixArt.Cli;

/// <summary>
/// The model `pixart generate` uses unless another is named: a tiny random-weight PixArt pipeline folder shipped with the
/// project (models/pixart-tiny-random, copied next to the application). Its images are noise; it exists so the whole
/// pipeline runs on any machine without downloads.
/// </summary>
internal static class EmbeddedDefaultModel
{
    public const string Name = "pixart-tiny-random";

    public static string EnsureExists()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "models", Name);
        if (!File.Exists(Path.Combine(folder, "model_index.json")))
            throw new ConfigurationException(new[] { new ConfigProblem("--model", folder, "the embedded default model is missing from this build; pass --model DIR or --config FILE") });
        return folder;
    }

    /// <summary>
    /// The model keys a command starts from (docs/cli.md): those of <paramref name="modelFolder"/> when given; else the
    /// embedded model's, unless the overlay <paramref name="configFile"/> names a model component itself
    /// (<c>PixArt:Denoiser</c>, <c>PixArt:TextEncoder</c> or <c>PixArt:Codec</c>): an overlay that only changes settings
    /// (say <c>PixArt:Sampler:Steps</c>) runs on the embedded model.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string?>>? ModelKeys(string? modelFolder, string? configFile)
    {
        if (modelFolder is not null) return ModelFolder.Read(modelFolder);
        if (configFile is not null && PixArtConfiguration.NamesModelComponents(configFile)) return null;
        return ModelFolder.Read(EnsureExists());
    }
}
