using static TorchSharp.torch;

namespace PixArt.Plugins.T5.Model;

/// <summary>
/// T5's bidirectional relative-position buckets. For <c>rel = key − query</c>: half the buckets are for keys after the
/// query; within a half, distances below half-of-half get their own bucket, larger ones are spread logarithmically up
/// to <c>maxDistance</c>, beyond which they share the last bucket (reference section 5.2).
/// </summary>
public static class RelativePositionBuckets
{
    /// <summary>The bucket of one relative position.</summary>
    public static int Bucket(int relative, int numBuckets, int maxDistance)
    {
        var half = numBuckets / 2;
        var bucket = relative > 0 ? half : 0;
        var n = Math.Abs(relative);
        var maxExact = half / 2;
        if (n < maxExact) return bucket + n;
        // transformers evaluates this in float32; the result is floored, and float32 and double agree on every
        // distance up to the maximum (checked against the reference table in the tests).
        var large = maxExact + (int)(Math.Log((float)n / maxExact) / Math.Log((double)maxDistance / maxExact) * (half - maxExact));
        return bucket + Math.Min(large, half - 1);
    }

    /// <summary>Bucket ids <c>[length, length]</c> (query rows, key columns) as an int64 tensor on <paramref name="device"/>.</summary>
    public static Tensor Table(int length, int numBuckets, int maxDistance, Device device)
    {
        var data = new long[length * length];
        for (var q = 0; q < length; q++)
            for (var k = 0; k < length; k++)
                data[q * length + k] = Bucket(k - q, numBuckets, maxDistance);
        return tensor(data, new long[] { length, length }, ScalarType.Int64).to(device);
    }
}
