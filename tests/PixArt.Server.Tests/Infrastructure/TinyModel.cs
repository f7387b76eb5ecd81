using PixArt.Hosting.Configuration;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>The embedded default model (models/pixart-tiny-random, copied next to the tests with the CLI): 256 px native, noise images.</summary>
internal static class TinyModel
{
    public const string Name = "pixart-tiny-random";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "models", Name);

    /// <summary>The configuration keys `--model` would give.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Settings() => ModelFolder.Read(Folder);
}
