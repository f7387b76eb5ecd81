using PixArt.Abstractions.Data;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The <c>class-folders</c> data set: one sub-folder per class.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ClassFoldersDatasetTests
{
    [Fact]
    public void SortedFolderNamesAreTheClassesAndEveryImageIsAnItem()
    {
        var root = TestImages.TempFolder();
        TestImages.WritePng(root, "b10/x.png", 6, 4);
        TestImages.WriteJpeg(root, "b2/y.jpg", 5, 7);
        TestImages.WritePng(root, "b2/nested/z.png", 3, 3);
        TestImages.WritePng(root, "Zebra/a.png", 2, 2);
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        TestImages.WritePng(root, "b2/.hidden.png", 2, 2);          // hidden: ignored
        TestImages.WritePng(root, ".thumbs/t.png", 2, 2);           // hidden folder: not a class
        TestImages.WritePng(root, "loose.png", 2, 2);               // not in a class folder: ignored
        File.WriteAllText(Path.Combine(root, "b10", "notes.txt"), "not an image");

        using var data = TestImages.OpenClassFolders(new ClassFoldersOptions { Path = root });
        Assert.Equal(new[] { "Zebra", "b10", "b2", "empty" }, data.ClassNames);   // ordinal order
        Assert.Equal(4, data.Count);
        Assert.Equal(new DatasetItem("Zebra/a.png", 2, 2, null, 0), data.Item(0));
        Assert.Equal(new DatasetItem("b10/x.png", 4, 6, null, 1), data.Item(1));
        Assert.Equal(new DatasetItem("b2/nested/z.png", 3, 3, null, 2), data.Item(2));
        Assert.Equal(new DatasetItem("b2/y.jpg", 7, 5, null, 2), data.Item(3));
        var skipped = Assert.Single(data.Skipped);
        Assert.Equal("b10/notes.txt", skipped.Key);
        Assert.StartsWith("not an image in a supported format (", skipped.Reason);

        using var sample = data.Load(3, 4, 4, ImageFit.ShortSideAndCenterCrop);
        Assert.Equal(new long[] { 3, 4, 4 }, sample.Image.shape);
        Assert.Equal(2, sample.Item.ClassLabel);
    }

    [Fact]
    public void AFolderWithoutClassFoldersIsAnErrorNamingPath()
    {
        var root = TestImages.TempFolder();
        TestImages.WritePng(root, "loose.png", 2, 2);
        var e = Assert.Throws<InvalidDataException>(() => TestImages.OpenClassFolders(new ClassFoldersOptions { Path = root }));
        Assert.StartsWith($"{TestImages.ConfigPath}:Path: no usable image in '{root}' (0 class folders, 0 files", e.Message);
        Assert.Contains("allowed: a folder with one sub-folder of images per class", e.Message);
    }
}
