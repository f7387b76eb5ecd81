using PixArt.Hosting.Generation;
using static TorchSharp.torch;

namespace PixArt.Hosting.Tests.Generation;

public sealed class ClassifierFreeGuidanceTests
{
    [Fact]
    public void GuidesEpsChannelsAndTrimsVarianceByDefault()
    {
        using var output = arange(2 * 2 * 8 * 2 * 2, ScalarType.Float32).reshape(4, 8, 2, 2) / 10;   // [2B, 2C, H, W], (uncond, cond)
        using var guided = ClassifierFreeGuidance.Combine(output, 3.0, 4, keepVariance: false);
        Assert.Equal(new long[] { 2, 4, 2, 2 }, guided.shape);
        using var u = output.narrow(0, 0, 2).narrow(1, 0, 4);
        using var c = output.narrow(0, 2, 2).narrow(1, 0, 4);
        using var expected = u + 3.0 * (c - u);
        Assert.True(guided.allclose(expected));
    }

    [Fact]
    public void KeepsConditionalVarianceUnguided()
    {
        using var output = randn(4, 8, 3, 3);
        using var guided = ClassifierFreeGuidance.Combine(output, 4.5, 4, keepVariance: true);
        Assert.Equal(new long[] { 2, 8, 3, 3 }, guided.shape);
        using var variance = guided.narrow(1, 4, 4);
        using var condVariance = output.narrow(0, 2, 2).narrow(1, 4, 4);
        Assert.True(variance.equal(condVariance).all().item<bool>());
        Assert.False(output.IsInvalid);
    }

    [Fact]
    public void RejectsOddBatchAndBadChannelCount()
    {
        using var odd = zeros(3, 4, 2, 2);
        Assert.Throws<ArgumentException>(() => ClassifierFreeGuidance.Combine(odd, 2, 4, false));
        using var even = zeros(2, 4, 2, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ClassifierFreeGuidance.Combine(even, 2, 5, false));
    }
}
