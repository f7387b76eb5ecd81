using PixArt.Hosting.Configuration;

namespace PixArt.Cli;

/// <summary>
/// The model `pixart generate` uses when neither --model nor --config is given: a tiny random-weight PixArt pipeline
/// folder shipped with the project (models/pixart-tiny-random, copied next to the application). Its images are noise;
/// it exists so the whole pipeline runs on any machine without downloads.
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
}
