using PixArt.Hosting.Evaluation;
using static TorchSharp.torch;

namespace PixArt.Evaluation.Tests;

public sealed class TopKAccuracyTests
{
    [Fact]
    public void CountsFirstChoicesAndTheFiveBest()
    {
        // 7 classes. Image 0: class 0 ranked first; image 1: class 3 ranked fifth; image 2: class 6 ranked last.
        using var logits = tensor(new float[]
        {
            9, 1, 2, 3, 4, 5, 6,
            7, 6, 5, 3, 4, 1, 0,
            6, 5, 4, 3, 2, 1, 0,
        }, [3, 7]);
        using var labels = tensor(new long[] { 0, 3, 6 });
        var accuracy = TopKAccuracy.Of(logits, labels);
        Assert.Equal(1.0 / 3, accuracy.Top1, 12);
        Assert.Equal(2.0 / 3, accuracy.Top5, 12);
        Assert.Equal(3, accuracy.Count);
    }

    [Fact]
    public void FewerThanFiveClassesMakeTopFiveCertain()
    {
        using var logits = tensor(new float[] { 0, 1, 2, 2, 1, 0 }, [2, 3]);
        using var labels = tensor(new long[] { 0, 0 });
        var accuracy = TopKAccuracy.Of(logits, labels);
        Assert.Equal(0.5, accuracy.Top1);
        Assert.Equal(1.0, accuracy.Top5);
        Assert.Equal((1.0 / 3, 1.0), TopKAccuracy.Chance(3));
        Assert.Equal((1.0 / 98, 5.0 / 98), TopKAccuracy.Chance(98));
    }

    [Fact]
    public void RefusesMismatchedShapes()
    {
        using var logits = zeros(3, 4);
        using var labels = zeros(2, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => TopKAccuracy.Of(logits, labels));
    }
}
