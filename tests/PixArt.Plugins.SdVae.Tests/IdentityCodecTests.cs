using PixArt.Abstractions.Codecs;
using PixArt.Plugins.SdVae.Tests.Support;
using static TorchSharp.torch;

namespace PixArt.Plugins.SdVae.Tests;

public sealed class IdentityCodecTests
{
    [Fact]
    public void RoundTrip_ReturnsTheImage_WithZeroLogVariance()
    {
        using var codec = new IdentityCodecFactory().Create(VaeCase.Context(new IdentityCodecOptions()));
        Assert.Equal(3, codec.LatentChannels);
        Assert.Equal(1, codec.DownsampleFactor);
        Assert.Equal(1.0, codec.ScalingFactor);

        using var scope = NewDisposeScope();
        var image = rand(2, 3, 5, 7) * 2 - 1;
        var copy = image.clone();
        LatentDistribution posterior;
        using (posterior = codec.Encode(image))
        {
            Assert.True(Same(posterior.Mean, image));
            // A point mass: a posterior sample is the image (to float32 precision), as pixel-space training needs.
            Assert.True(Same(posterior.LogVariance, full_like(image, IdentityCodec.MinLogVariance)));
            Assert.True(posterior.Std.max().item<float>() < 1e-6f);
            using var noise = new PixArt.Abstractions.Testing.Sampling.SeededNoiseSource(3);
            using var sample = posterior.Sample(noise);
            Assert.True(sample.allclose(image, rtol: 0, atol: 1e-5));
            var decoded = codec.Decode(posterior.Mean);
            Assert.True(Same(decoded, image));
        }
        // The posterior owned copies: disposing it leaves the caller's image intact.
        Assert.False(image.IsInvalid);
        Assert.True(Same(image, copy));
    }

    [Fact]
    public void EncodeAndDecode_LeaveNoTensorsBehind()
    {
        using var codec = new IdentityCodec();
        using var image = rand(1, 3, 4, 4);
        var before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var posterior = codec.Encode(image)) { }
        using (var decoded = codec.Decode(image)) { }
        Assert.Equal(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.allclose(b, rtol: 0, atol: 0);

    [Fact]
    public void RejectsNonImageShapes()
    {
        using var codec = new IdentityCodec();
        using var wrong = zeros(1, 4, 8, 8);
        Assert.Throws<ArgumentException>(() => codec.Encode(wrong));
        Assert.Throws<ArgumentException>(() => codec.Decode(wrong));
    }
}
