using System.Text.Json;
using PixArt.Abstractions.Data;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The emoji data set's committed fixture (real data, emoji plugin format) opened with the generic image-folder data set.</summary>
[Collection(FoldersCollection.Name)]
public sealed class EmojiMiniTests
{
    private static readonly string[] Names = { "face-smiling", "hand-fingers-open", "animal-mammal", "food-fruit", "transport-ground" };

    private static IDataset Open(Action<ImageFolderOptions>? configure = null)
    {
        var options = new ImageFolderOptions { Path = TestImages.EmojiMini, Classes = "classes.json" };
        configure?.Invoke(options);
        return TestImages.OpenImageFolder(options);
    }

    [Fact]
    public void EveryRecordIsAnItemWithItsCaptionAndClass()
    {
        using var data = Open();
        Assert.Empty(data.Skipped);
        Assert.Equal(Names, data.ClassNames);
        var lines = File.ReadAllLines(Path.Combine(TestImages.EmojiMini, "captions.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(lines.Count, data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            var item = data.Item(i);
            Assert.Equal(lines[i].GetProperty("file").GetString(), item.Key);
            Assert.Equal(lines[i].GetProperty("caption").GetString(), item.Caption);
            Assert.Equal(lines[i].GetProperty("class").GetInt32(), item.ClassLabel);
            Assert.Equal((64, 64), (item.Height, item.Width));
        }
        Assert.Equal(new DatasetItem("images/twemoji/1f600.png", 64, 64, "grinning face, twemoji style, face smiling, smileys and emotion", 0), data.Item(0));
    }

    [Fact]
    public void SplitAndWhereSelectTheStageSubsets()
    {
        using (var train = Open(o => o.Split = "train")) Assert.Equal(24, train.Count);
        using (var eval = Open(o => o.Split = "eval")) Assert.Equal(12, eval.Count);
        using (var aesthetic = Open(o => o.Where["aesthetic"] = "true")) Assert.Equal(36, aesthetic.Count);
        using var noto = Open(o => { o.Split = "train"; o.Where["style"] = "noto"; o.Where["class"] = "1"; });
        Assert.Equal(4, noto.Count);
        Assert.All(Enumerable.Range(0, noto.Count).Select(noto.Item), item =>
        {
            Assert.StartsWith("images/noto/", item.Key);
            Assert.Equal(1, item.ClassLabel);
            Assert.Contains("noto style", item.Caption);
        });
        Assert.Equal("images/noto/1f91a.png", noto.Item(0).Key);
    }

    [Fact]
    public void ImagesLoadAtTrainingSizes()
    {
        using var data = Open(o => o.Split = "train");
        using var full = data.Load(0, 64, 64, ImageFit.ShortSideAndCenterCrop);
        using var small = data.Load(0, 32, 32, ImageFit.CoverAndCenterCrop);
        Assert.Equal(new long[] { 3, 64, 64 }, full.Image.shape);
        Assert.Equal(new long[] { 3, 32, 32 }, small.Image.shape);
        Assert.Equal(1f, TestImages.At(full, 0, 0, 0));      // composited white corner
        Assert.True(small.Image.min().item<float>() < -0.5f);  // the emoji itself is there
    }
}
