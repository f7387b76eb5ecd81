using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Codecs;
using PixArt.Plugins.SdVae.Tests.Support;

namespace PixArt.Plugins.SdVae.Tests;

[CollectionDefinition(CodecConformanceTests.Collection, DisableParallelization = true)]
public sealed class CodecConformanceCollection { }

/// <summary>The identity codec passes the codec conformance kit.</summary>
[Collection(CodecConformanceTests.Collection)]
public sealed class IdentityCodecConformanceTests : CodecConformanceTests<IdentityCodecFactory>
{
    protected override ComponentContext CreateContext() => VaeCase.Context(new IdentityCodecOptions());
}

/// <summary>The SD VAE (the tiny reference case, written as a Hugging Face folder) passes the codec conformance kit.</summary>
[Collection(CodecConformanceTests.Collection)]
public sealed class SdVaeCodecConformanceTests : CodecConformanceTests<SdVaeFactory>, IDisposable
{
    private readonly TempFolder _folder = new();

    public SdVaeCodecConformanceTests()
    {
        using var golden = VaeCase.Open();
        VaeCase.WriteFolder(golden, _folder.Path);
    }

    protected override ComponentContext CreateContext() => VaeCase.Context(new SdVaeOptions { Path = _folder.Path });

    public void Dispose() => _folder.Dispose();
}
