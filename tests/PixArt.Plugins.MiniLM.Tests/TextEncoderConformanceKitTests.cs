using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Text;
using PixArt.Hosting.Runtime;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>The MiniLM encoder (the model embedded in its NuGet package, 32 tokens) passes the text encoder conformance kit.</summary>
[Collection(MiniLMCollection.Name)]
public sealed class MiniLMTextEncoderConformanceTests : TextEncoderConformanceTests<MiniLMTextEncoderFactory>
{
    protected override ComponentContext CreateContext() =>
        new(new MiniLMOptions { MaxLength = 32 }, RuntimeContext.Cpu(), "PixArt:TextEncoder", services: MiniLMFixture.Services());
}
