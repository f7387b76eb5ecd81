using PixArt.Hosting.Generation;

namespace PixArt.Hosting.Tests.Generation;

public sealed class AspectRatioBucketsTests
{
    [Fact]
    public void TrainingTablesHaveFortyBucketsAndInferenceTablesDropSeven()
    {
        Assert.Equal(40, AspectRatioBuckets.Table(1024, inference: false).Count);
        Assert.Equal(33, AspectRatioBuckets.Table(1024, inference: true).Count);
        Assert.DoesNotContain(AspectRatioBuckets.Table(1024, inference: true), b => b.Key is "0.26" or "3.88");
    }

    [Fact]
    public void SmallerTablesAreTheThousandTwentyFourTableScaled()
    {
        var big = AspectRatioBuckets.Table(1024, false);
        var half = AspectRatioBuckets.Table(512, false);
        var quarter = AspectRatioBuckets.Table(256, false);
        for (var i = 0; i < big.Count; i++)
        {
            Assert.Equal((big[i].Height / 2, big[i].Width / 2), (half[i].Height, half[i].Width));
            Assert.Equal((big[i].Height / 4, big[i].Width / 4), (quarter[i].Height, quarter[i].Width));
        }
    }

    [Theory]
    [InlineData(1024, 1024, "1.0", 1024, 1024)]
    [InlineData(768, 1344, "0.57", 768, 1344)]
    [InlineData(720, 1280, "0.57", 768, 1344)]
    [InlineData(1080, 1920, "0.57", 768, 1344)]
    [InlineData(2000, 500, "4.0", 2048, 512)]
    [InlineData(1000, 1010, "1.0", 1024, 1024)]
    public void NearestBucketByHeightOverWidth(int height, int width, string key, int bucketHeight, int bucketWidth)
    {
        var bucket = AspectRatioBuckets.Nearest(height, width, 1024, inference: true);
        Assert.Equal((key, bucketHeight, bucketWidth), (bucket.Key, bucket.Height, bucket.Width));
    }

    [Fact]
    public void InferenceBinningNeverPicksADroppedBucket()
    {
        // 1984x512 is the dropped 3.88 bucket; inference snaps to its nearest kept neighbour.
        var bucket = AspectRatioBuckets.Nearest(1984, 512, 1024, inference: true);
        Assert.Equal("4.0", bucket.Key);
        Assert.Equal("3.88", AspectRatioBuckets.Nearest(1984, 512, 1024, inference: false).Key);
    }
}
