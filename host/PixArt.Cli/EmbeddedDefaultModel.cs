using PixArt.Hosting.Configuration;

namespace PixArt.Cli;

/// <summary>
/// The model `pixart generate`, `serve`, `bench generate` and `info` use unless another is named: a pipeline folder shipped
/// with the project under models/ and copied next to the application, or the folder <see cref="OverrideVariable"/> names.
/// </summary>
internal static class EmbeddedDefaultModel
{
    /// <summary>The shipped default's folder name under models/: the emoji model trained here (models/pixart-emoji/README.md).</summary>
    public const string Name = "pixart-emoji";

    /// <summary>The tiny random-weight pipeline under models/ (test fixture; its T5 tokenizer serves <c>bench --random-weights</c>).</summary>
    public const string TinyRandomName = "pixart-tiny-random";

    /// <summary>Environment variable naming another default model folder (the test suites point it at the tiny random model).</summary>
    public const string OverrideVariable = "PIXART_DEFAULT_MODEL";

    /// <summary>The default model's folder: <see cref="OverrideVariable"/> when set, else models/<see cref="Name"/> next to the application.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } chosen ? Path.GetFullPath(chosen) : Path.Combine(AppContext.BaseDirectory, "models", Name);

    /// <summary>Folder of a model shipped under models/ next to the application.</summary>
    public static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "models", name);

    /// <exception cref="ConfigurationException">When the folder has no model_index.json.</exception>
    public static string EnsureExists()
    {
        var folder = Folder;
        if (!File.Exists(Path.Combine(folder, "model_index.json")))
        {
            var source = Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } ? $"{OverrideVariable} names a folder without model_index.json" : "the embedded default model is missing from this build";
            throw new ConfigurationException(new[] { new ConfigProblem("--model", folder, $"{source}; pass --model DIR or --config FILE") });
        }
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
