using PixArt.Abstractions.Data;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The <c>image-folder</c> data set on small folders written by the tests.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ImageFolderDatasetTests
{
    [Fact]
    public void OpensItemsWithSizesCaptionsAndClasses()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "images/a.png", width: 30, height: 20);
        TestImages.WriteJpeg(folder, "images/b.jpg", width: 10, height: 40);
        TestImages.WritePng(folder, "more/deep/c.png", width: 8, height: 8);
        File.WriteAllText(Path.Combine(folder, "names.json"), """["cat", "dog"]""");
        TestImages.WriteCaptions(folder,
            new { file = "images/a.png", caption = "a red cat", @class = 0, source = "test", score = 0.5 },
            "",
            new { file = "./images//b.jpg", caption = "a dog", @class = 1 },
            new { file = "more\\deep\\c.png" });

        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, Classes = "names.json" });
        Assert.Empty(data.Skipped);
        Assert.Equal(3, data.Count);
        Assert.Equal(new[] { "cat", "dog" }, data.ClassNames);
        Assert.Equal(new DatasetItem("images/a.png", 20, 30, "a red cat", 0), data.Item(0));
        Assert.Equal(new DatasetItem("images/b.jpg", 40, 10, "a dog", 1), data.Item(1));
        Assert.Equal(new DatasetItem("more/deep/c.png", 8, 8, null, null), data.Item(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Item(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Item(-1));
    }

    [Fact]
    public void WithoutAClassesFileThereAreNoClassNamesButLabelsAreKept()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "a.png", 4, 4);
        TestImages.WriteCaptions(folder, new { file = "a.png", @class = 7, caption = (string?)null });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });
        Assert.Empty(data.ClassNames);
        Assert.Equal(new DatasetItem("a.png", 4, 4, null, 7), data.Item(0));
    }

    [Fact]
    public void LoadGivesNormalisedFloatPixelsOnTheCpu()
    {
        var folder = TestImages.TempFolder();
        using (var solid = TestImages.Make(12, 9, (_, _) => new Rgba32(255, 0, 128, 255))) TestImages.WritePng(folder, "solid.png", solid);
        TestImages.WritePng(folder, "noise.png", 37, 23, seed: 3);
        TestImages.WriteCaptions(folder, new { file = "solid.png" }, new { file = "noise.png" });
        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder });

        foreach (var fit in Enum.GetValues<ImageFit>())
        {
            using var solid = data.Load(0, 6, 5, fit);
            Assert.Equal(data.Item(0), solid.Item);
            Assert.Equal(new long[] { 3, 6, 5 }, solid.Image.shape);
            Assert.Equal(ScalarType.Float32, solid.Image.dtype);
            Assert.Equal(DeviceType.CPU, solid.Image.device_type);
            Assert.Equal(1f, solid.Image[0].min().item<float>());
            Assert.Equal(-1f, solid.Image[1].max().item<float>());
            Assert.Equal((128 / 255f - 0.5f) / 0.5f, TestImages.At(solid, 2, 3, 2));

            using var noise = data.Load(1, 16, 24, fit);
            Assert.Equal(new long[] { 3, 16, 24 }, noise.Image.shape);
            Assert.True(noise.Image.min().item<float>() >= -1f && noise.Image.max().item<float>() <= 1f);
            Assert.True(noise.Image.std().item<float>() > 0.3f);   // still noise, not a flat colour
        }
    }

    [Fact]
    public void SplitAndWhereKeepMatchingRecords()
    {
        var folder = TestImages.TempFolder();
        var records = new List<object>();
        for (var i = 0; i < 6; i++)
        {
            TestImages.WritePng(folder, $"{i}.png", 4, 4, seed: i);
            records.Add(new { file = $"{i}.png", split = i < 4 ? "train" : "eval", aesthetic = i % 2 == 0, score = i, style = i < 3 ? "a" : "b" });
        }
        TestImages.WriteCaptions(folder, records.ToArray());
        string[] Keys(ImageFolderOptions o)
        {
            o.Path = folder;
            using var data = TestImages.OpenImageFolder(o);
            Assert.Empty(data.Skipped);
            return Enumerable.Range(0, data.Count).Select(i => data.Item(i).Key).ToArray();
        }

        Assert.Equal(new[] { "0.png", "1.png", "2.png", "3.png" }, Keys(new ImageFolderOptions { Split = "train" }));
        Assert.Equal(new[] { "0.png", "2.png" }, Keys(new ImageFolderOptions { Split = "train", Where = { ["aesthetic"] = "true" } }));
        Assert.Equal(new[] { "0.png", "2.png", "4.png" }, Keys(new ImageFolderOptions { Where = { ["aesthetic"] = "True" } }));   // as configuration files write booleans
        Assert.Equal(new[] { "3.png" }, Keys(new ImageFolderOptions { Where = { ["score"] = "3", ["style"] = "b" } }));
        Assert.Equal(new[] { "4.png", "5.png" }, Keys(new ImageFolderOptions { Split = "eval" }));
    }

    [Fact]
    public void MalformedRecordsAreSkippedWithTheirLineNumber()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "ok.png", 4, 4);
        TestImages.WritePng(folder, "other.png", 4, 4);
        File.WriteAllText(Path.Combine(folder, "classes.json"), """{"classes": [{"index": 1, "name": "b"}, {"index": 0, "name": "a"}]}""");
        TestImages.WriteCaptions(folder,
            new { file = "ok.png", caption = "fine", @class = 1 },     // 1
            "{ this is not json",                                      // 2
            new { caption = "no file" },                               // 3
            new { file = "other.png", @class = 2 },                    // 4
            new { file = "other.png", @class = -1 },                   // 5
            new { file = "other.png", @class = 1.5 },                  // 6
            new { file = "other.png", caption = 5 },                   // 7
            new { file = "../outside.png" },                           // 8
            new { file = "/etc/passwd" },                              // 9
            "[1, 2]",                                                  // 10
            new { file = "ok.png" },                                   // 11
            new { file = "missing.png" });                             // 12

        using var data = TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, Classes = "classes.json" });
        Assert.Equal(new[] { "a", "b" }, data.ClassNames);
        Assert.Equal(1, data.Count);
        Assert.Equal(new DatasetItem("ok.png", 4, 4, "fine", 1), data.Item(0));
        var reasons = data.Skipped.ToDictionary(p => p.Key, p => p.Reason);
        Assert.Contains("not valid JSON", reasons["captions.jsonl:2"]);
        Assert.Contains("no 'file'", reasons["captions.jsonl:3"]);
        Assert.Contains("'class' 2 is out of range 0..1", reasons["captions.jsonl:4"]);
        Assert.Contains("non-negative integer", reasons["captions.jsonl:5"]);
        Assert.Contains("non-negative integer", reasons["captions.jsonl:6"]);
        Assert.Contains("'caption' must be a string", reasons["captions.jsonl:7"]);
        Assert.Contains("relative path inside the folder", reasons["captions.jsonl:8"]);
        Assert.Contains("relative path inside the folder", reasons["captions.jsonl:9"]);
        Assert.Contains("not a JSON object", reasons["captions.jsonl:10"]);
        Assert.Contains("already listed on line 1", reasons["captions.jsonl:11"]);
        Assert.Equal("file not found", reasons["missing.png"]);
        Assert.Equal(11, data.Skipped.Count);
    }
}
