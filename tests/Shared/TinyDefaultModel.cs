using System.Runtime.CompilerServices;

namespace PixArt.Tests.Shared;

/// <summary>
/// Points <c>PIXART_DEFAULT_MODEL</c> (the CLI's default-model override) at the tiny random-weight fixture for every test
/// suite and the <c>pixart</c> child processes it starts, unless the environment already names one: the suites check
/// the pipeline, validation and files on a model that runs in milliseconds. The shipped default (models/pixart-emoji) is
/// checked by tests that clear the variable for a child process.
/// </summary>
internal static class TinyDefaultModel
{
    /// <summary>The variable's name (the CLI's <c>EmbeddedDefaultModel.OverrideVariable</c>).</summary>
    public const string Variable = "PIXART_DEFAULT_MODEL";

    [ModuleInitializer]
    internal static void PointAtTheTinyModel()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return;
        var folder = Path.Combine(AppContext.BaseDirectory, "models", "pixart-tiny-random");
        if (Directory.Exists(folder)) Environment.SetEnvironmentVariable(Variable, folder);
    }
}
