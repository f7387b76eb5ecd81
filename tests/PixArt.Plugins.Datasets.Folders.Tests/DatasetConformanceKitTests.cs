using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Data;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>The <c>image-folder</c> data set (the emoji-mini fixture, with classes) passes the data set conformance kit.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ImageFolderConformanceTests : DatasetConformanceTests<ImageFolderDatasetFactory>
{
    protected override ComponentContext CreateContext() => TestImages.Context(new ImageFolderOptions { Path = TestImages.EmojiMini, Classes = "classes.json" });
}

/// <summary>The <c>class-folders</c> data set (generated images in three class folders) passes the data set conformance kit.</summary>
[Collection(FoldersCollection.Name)]
public sealed class ClassFoldersConformanceTests : DatasetConformanceTests<ClassFoldersDatasetFactory>, IDisposable
{
    private readonly string _root = TestImages.TempFolder();

    public ClassFoldersConformanceTests()
    {
        TestImages.WritePng(_root, "cats/a.png", 20, 14);
        TestImages.WriteJpeg(_root, "dogs/b.jpg", 9, 30, seed: 2);
        TestImages.WritePng(_root, "owls/c.png", 16, 16, seed: 3);
        File.WriteAllText(Path.Combine(_root, "owls", "notes.txt"), "not an image");
    }

    protected override ComponentContext CreateContext() => TestImages.Context(new ClassFoldersOptions { Path = _root });

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
