using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Runtime;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace PixArt.Abstractions.Testing.Codecs;

/// <summary>
/// The behaviour every <see cref="ILatentCodec"/> must show, whatever its network: <see cref="ILatentCodecFactory.Describe"/>
/// agrees with the created codec, encoding gives a posterior of the latent shape (<c>[B, LatentChannels, H/f, W/f]</c>,
/// finite, positive σ), decoding gives images of the pixel shape, both are deterministic and leave their arguments
/// untouched, a wrong channel count is an <see cref="ArgumentException"/>, and nothing leaks. A codec's test class derives
/// from this, supplies <see cref="CreateContext"/>, and joins <c>[Collection(CodecConformanceTests.Collection)]</c> (with a
/// matching <c>CollectionDefinition</c> that disables parallelisation) so the leak count sees no other test's tensors.
/// </summary>
/// <typeparam name="TFactory">The codec factory under test.</typeparam>
public abstract class CodecConformanceTests<TFactory> where TFactory : ILatentCodecFactory, new()
{
    /// <summary>The context the codec under test is created with (its options, a CPU runtime, services it needs).</summary>
    protected abstract ComponentContext CreateContext();

    /// <summary>Image side of the checks; a multiple of the codec's downsample factor.</summary>
    protected virtual int ImageSide => 16;

    /// <summary>Seeded images <c>[2, 3, S, S]</c> in [−1, 1].</summary>
    protected Tensor Images()
    {
        using var generator = new Generator(7);
        using var uniform = rand(new long[] { 2, 3, ImageSide, ImageSide }, generator: generator);
        return uniform.mul(2).sub(1);
    }

    /// <summary>What the factory describes is what it creates.</summary>
    [Fact]
    public void DescribeAgreesWithTheCreatedCodec()
    {
        var info = new TFactory().Describe(CreateContext());
        using var codec = new TFactory().Create(CreateContext());
        Assert.Equal(info.LatentChannels, codec.LatentChannels);
        Assert.Equal(info.DownsampleFactor, codec.DownsampleFactor);
        Assert.Equal(info.ScalingFactor, codec.ScalingFactor);
        Assert.True(info.ParameterCount >= 0);
    }

    /// <summary>Encoding: a finite posterior of the latent shape with σ &gt; 0; decoding: finite images of the pixel shape.</summary>
    [Fact]
    public void EncodeAndDecodeGiveTheDocumentedShapes()
    {
        using var codec = new TFactory().Create(CreateContext());
        using var images = Images();
        using var noGrad = inference_mode();
        using var posterior = codec.Encode(images);
        var side = ImageSide / codec.DownsampleFactor;
        long[] latent = [2, codec.LatentChannels, side, side];
        Assert.Equal(latent, posterior.Mean.shape);
        Assert.Equal(latent, posterior.LogVariance.shape);
        Assert.Equal(latent, posterior.Std.shape);
        Assert.True(posterior.Mean.isfinite().all().item<bool>(), "the posterior mean is not finite");
        Assert.True(posterior.Std.gt(0).all().item<bool>(), "the posterior σ is not positive");
        using var decoded = codec.Decode(posterior.Mean);
        Assert.Equal(images.shape, decoded.shape);
        Assert.True(decoded.isfinite().all().item<bool>(), "the decoded images are not finite");
    }

    /// <summary>The same input gives the same output, and the input is not modified.</summary>
    [Fact]
    public void IsDeterministicAndLeavesItsArgumentsUntouched()
    {
        using var codec = new TFactory().Create(CreateContext());
        using var images = Images();
        using var copy = images.clone();
        using var noGrad = inference_mode();
        using var first = codec.Encode(images);
        using var second = codec.Encode(images);
        Assert.True(first.Mean.equal(second.Mean).all().item<bool>(), "two encodings of the same images differ");
        Assert.True(images.equal(copy).all().item<bool>(), "Encode modified its input");
        using var latents = first.Mean.clone();
        using var a = codec.Decode(latents);
        using var b = codec.Decode(latents);
        Assert.True(a.equal(b).all().item<bool>(), "two decodings of the same latents differ");
        Assert.True(latents.equal(first.Mean).all().item<bool>(), "Decode modified its input");
    }

    /// <summary>Images with a wrong channel count are refused with an <see cref="ArgumentException"/>.</summary>
    [Fact]
    public void AWrongChannelCountIsAnArgumentException()
    {
        using var codec = new TFactory().Create(CreateContext());
        using var fourChannels = zeros(1, 4, ImageSide, ImageSide);
        using var noGrad = inference_mode();
        Assert.ThrowsAny<ArgumentException>(() => codec.Encode(fourChannels).Dispose());
    }

    /// <summary>Encoding and decoding leave no tensor alive once their results are disposed.</summary>
    [Fact]
    public void LeaksNoTensors()
    {
        using var codec = new TFactory().Create(CreateContext());
        using var images = Images();
        using var noGrad = inference_mode();
        void RoundTrip()
        {
            using var posterior = codec.Encode(images);
            codec.Decode(posterior.Mean).Dispose();
        }
        TensorLeaks.AssertNone(RoundTrip, "encode/decode round trips");
    }
}

/// <summary>The name of the sequential collection codec conformance classes join.</summary>
public static class CodecConformanceTests
{
    /// <summary>Collection name.</summary>
    public const string Collection = "codec-conformance";
}
