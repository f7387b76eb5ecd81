using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Evaluation;
using PixArt.Hosting.Runtime;

namespace PixArt.Evaluation.Tests;

/// <summary>
/// The emoji data set's committed fixture (5 classes; 24 train and 12 eval images, 64×64), opened through the host's plugin
/// catalogue as <c>pixart eval</c> opens it, and copied to a fresh folder when a test writes a classifier next to it.
/// </summary>
internal static class EmojiMini
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "emoji-mini");

    /// <summary>A private copy of the fixture (the classifier is stored inside the data set folder).</summary>
    public static string Copy()
    {
        var target = Path.Combine(Path.GetTempPath(), $"pixart-eval-{Guid.NewGuid():N}", "emoji-mini");
        foreach (var file in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Folder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }

    /// <summary>A started host with the fixture's two splits configured under <c>PixArt:Eval</c>.</summary>
    public static IHost Host(string? folder = null)
    {
        var settings = new Dictionary<string, string?> { ["PixArt:Runtime:Device"] = "cpu", ["PixArt:Runtime:Threads"] = "1" };
        foreach (var (key, value) in EvalData.Keys(folder ?? Folder)) settings[key] = value;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(AutoDTypePolicy.Reproducible); // as the training and eval commands: float32 on every CPU
        builder.Services.AddPixArt(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), AppContext.BaseDirectory, EvalData.Slots);
        var host = builder.Build();
        host.Start();
        return host;
    }

    /// <summary>Both splits of the fixture, decoded at 64×64.</summary>
    public static (LabelledImages Train, LabelledImages HeldOut, IReadOnlyList<string> Classes) Images()
    {
        using var host = Host();
        using var data = EvalData.Open(host.Services);
        return (LabelledImages.Load(data.Train, 64, "train"), LabelledImages.Load(data.HeldOut, 64, "eval"), data.ClassNames);
    }
}
