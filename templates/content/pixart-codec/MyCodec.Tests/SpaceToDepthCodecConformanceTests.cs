using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Codecs;
using PixArt.Abstractions.Testing.Sampling;
using Xunit;
using static TorchSharp.torch;

namespace MyCodec.Tests;

[CollectionDefinition(CodecConformanceTests.Collection, DisableParallelization = true)]
public sealed class CodecCollection { }

/// <summary>The codec passes the conformance kit every PixArt.Framework codec passes.</summary>
[Collection(CodecConformanceTests.Collection)]
public sealed class SpaceToDepthCodecConformanceTests : CodecConformanceTests<SpaceToDepthCodecFactory>
{
    protected override ComponentContext CreateContext() => new(new SpaceToDepthCodecOptions { Factor = 2 }, new MinimalCpuRuntime(), "PixArt:Codec");

    /// <summary>This codec's own promise: decoding an encoding gives the images back exactly.</summary>
    [Fact]
    public void DecodingAnEncodingGivesTheImagesBack()
    {
        using var codec = new SpaceToDepthCodecFactory().Create(CreateContext());
        using var images = Images();
        using var posterior = codec.Encode(images);
        using var decoded = codec.Decode(posterior.Mean);
        using var same = decoded.equal(images).all();
        Assert.True(same.item<bool>());
    }
}
