using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Text;
using static TorchSharp.torch;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>Sentence vectors, cosine similarity, temp folders.</summary>
internal static class TestSupport
{
    /// <summary>sentence-transformers' pooling for all-MiniLM-L6-v2: mean over real tokens, then L2 normalisation. <c>[B, C]</c> float32 on the CPU.</summary>
    public static float[][] SentenceVectors(TextEmbedding embedding)
    {
        using var scope = NewDisposeScope();
        var tokens = embedding.Tokens.to(ScalarType.Float32, CPU);          // [B, L, C]
        var mask = embedding.Mask.to(ScalarType.Float32, CPU).unsqueeze(-1); // [B, L, 1]
        var mean = (tokens * mask).sum(1) / mask.sum(1).clamp_min(1e-9);    // [B, C]
        var unit = mean / mean.norm(1, keepdim: true).clamp_min(1e-12);
        return Enumerable.Range(0, (int)unit.shape[0]).Select(b => unit[b].data<float>().ToArray()).ToArray();
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }

    public static double MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }

    private static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "pixart-minilm-tests", Guid.NewGuid().ToString("N"));

    static TestSupport() =>
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
