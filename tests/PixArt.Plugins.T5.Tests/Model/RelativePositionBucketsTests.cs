using PixArt.Plugins.T5.Model;

namespace PixArt.Plugins.T5.Tests.Model;

/// <summary>Buckets against the exact lookup table of reference section 5.2 (32 buckets, max distance 128).</summary>
public sealed class RelativePositionBucketsTests
{
    [Theory]
    [InlineData(0, 7, 0)] // offset = n
    [InlineData(8, 11, 8)]
    [InlineData(12, 15, 9)]
    [InlineData(16, 22, 10)]
    [InlineData(23, 31, 11)]
    [InlineData(32, 45, 12)]
    [InlineData(46, 63, 13)]
    [InlineData(64, 90, 14)]
    [InlineData(91, 400, 15)]
    public void DistancesFallIntoTheReferenceBuckets(int from, int to, int offset)
    {
        for (var n = from; n <= to; n++)
        {
            var expected = from == 0 ? n : offset;
            Assert.Equal(expected, RelativePositionBuckets.Bucket(-n, 32, 128)); // key before query
            if (n > 0) Assert.Equal(16 + expected, RelativePositionBuckets.Bucket(n, 32, 128)); // key after query
        }
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, 17)]
    [InlineData(119, 31)]
    [InlineData(-119, 15)]
    public void ReferenceExamples(int relative, int bucket) => Assert.Equal(bucket, RelativePositionBuckets.Bucket(relative, 32, 128));
}
