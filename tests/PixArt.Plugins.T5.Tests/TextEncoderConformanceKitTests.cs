using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Golden;
using PixArt.Abstractions.Testing.Text;
using PixArt.Hosting.Runtime;

namespace PixArt.Plugins.T5.Tests;

[CollectionDefinition(TextEncoderConformanceTests.Collection, DisableParallelization = true)]
public sealed class TextEncoderConformanceCollection { }

/// <summary>The T5 encoder (the tiny reference case as a Hugging Face folder, 16 tokens) passes the text encoder conformance kit.</summary>
[Collection(TextEncoderConformanceTests.Collection)]
public sealed class T5TextEncoderConformanceTests : TextEncoderConformanceTests<T5TextEncoderFactory>
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        using var golden = GoldenData.Open(TestSupport.CaseName);
        return TestSupport.WriteModelFolder(golden);
    });

    protected override ComponentContext CreateContext() =>
        new(new T5Options { Path = Path.Combine(Folder.Value, "text_encoder"), MaxLength = 16 }, RuntimeContext.Cpu(), "PixArt:TextEncoder", services: TestSupport.Services());
}
