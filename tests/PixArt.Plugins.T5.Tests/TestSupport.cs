using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Weights;
using PixArt.Hosting.Weights;
using PixArt.Plugins.T5.Model;
using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Tests;

/// <summary>Helpers shared by the T5 tests: the reference case, fixtures, temp folders.</summary>
internal static class TestSupport
{
    public const string CaseName = "t5_tiny";
    public const string WeightPrefix = "weights.";

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "spm", name);

    public static T5Config CaseConfig(GoldenCase golden) => T5Config.FromJson(golden.Get("config"), $"{golden.Folder}/meta.json:config");

    /// <summary>The case's tensors under <c>weights.</c> as name → tensor (CPU, stored dtype).</summary>
    public static Dictionary<string, Tensor> CaseWeights(GoldenCase golden) =>
        golden.KeysWithPrefix(WeightPrefix).ToDictionary(k => k, k => golden.Tensor(WeightPrefix + k), StringComparer.Ordinal);

    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "pixart-t5-tests", Guid.NewGuid().ToString("N"));

    static TestSupport() =>
        // Model folders hold ~16 MB of tiny weights each; remove this run's folders when the test process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { if (Directory.Exists(TempRoot)) Directory.Delete(TempRoot, recursive: true); }
            catch (IOException) { }
        };

    public static string TempFolder()
    {
        var dir = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static IServiceProvider Services(ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IWeightStore>(new WeightStore());
        services.AddLogging(b => { if (logs is not null) b.AddProvider(logs); });
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A Hugging Face style model folder: <c>text_encoder/config.json</c> (the case's config) + <c>model.safetensors</c>
    /// (the case's weights) and <c>tokenizer/spiece.model</c> (the spm fixture). Returns the root.
    /// </summary>
    public static string WriteModelFolder(GoldenCase golden)
    {
        var root = TempFolder();
        var encoder = Directory.CreateDirectory(Path.Combine(root, "text_encoder")).FullName;
        File.WriteAllText(Path.Combine(encoder, "config.json"), golden.Get("config").GetRawText());
        var weights = CaseWeights(golden);
        try
        {
            new WeightStore().Save(Path.Combine(encoder, "model.safetensors"), weights);
        }
        finally
        {
            foreach (var t in weights.Values) t.Dispose();
        }
        var tokenizer = Directory.CreateDirectory(Path.Combine(root, "tokenizer")).FullName;
        File.Copy(FixturePath("tiny_t5.model"), Path.Combine(tokenizer, "spiece.model"));
        return root;
    }

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}

/// <summary>Collects log messages so tests can assert on warnings.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public List<(LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner.Entries) owner.Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
