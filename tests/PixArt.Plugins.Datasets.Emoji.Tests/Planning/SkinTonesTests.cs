using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Planning;

public sealed class SkinTonesTests
{
    private static readonly string[] Single = { "1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF" };

    [Fact]
    public void DescribesSingleUniformPairAndMixedKeys()
    {
        Assert.Equal(("medium-dark", "medium dark skin tone", true), SkinTones.Describe("1F3FE"));
        Assert.Equal(("light", "light skin tone", true), SkinTones.Describe("1F3FB-1F3FB"));
        Assert.Equal(("light/dark", "light and dark skin tones", false), SkinTones.Describe("1F3FB-1F3FF"));
        Assert.Throws<ArgumentException>(() => SkinTones.Describe("1F600"));
    }

    [Fact]
    public void OneRotatingCyclesThroughTheFiveTonesInOrder()
    {
        var picks = Enumerable.Range(0, 7).Select(i => SkinTones.Select(Single.Reverse(), SkinToneSelection.OneRotating, i).Single()).ToList();
        Assert.Equal(new[] { "1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF", "1F3FB", "1F3FC" }, picks);
    }

    [Fact]
    public void TwoPersonEmojiUseTheirSameTonePairs()
    {
        var keys = Single.SelectMany(a => Single.Select(b => $"{a}-{b}")).ToList();   // 25 combinations
        Assert.Equal("1F3FD-1F3FD", SkinTones.Select(keys, SkinToneSelection.OneRotating, 2).Single());
        Assert.Equal(5, SkinTones.Select(keys, SkinToneSelection.Uniform, 0).Count);
        Assert.Equal(25, SkinTones.Select(keys, SkinToneSelection.All, 0).Count);
        Assert.Empty(SkinTones.Select(keys, SkinToneSelection.None, 0));
    }
}
