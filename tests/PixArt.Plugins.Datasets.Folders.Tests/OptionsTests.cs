using Microsoft.Extensions.Configuration;
using PixArt.Hosting.Configuration;

namespace PixArt.Plugins.Datasets.Folders.Tests;

/// <summary>Options from configuration, and every way a data set as a whole cannot be used: each message names its key.</summary>
[Collection(FoldersCollection.Name)]
public sealed class OptionsTests
{
    private const string P = TestImages.ConfigPath;

    [Fact]
    public void ImageFolderOptionsBindFromConfiguration()
    {
        var options = Bind<ImageFolderOptions>(new()
        {
            [$"{P}:Path"] = "data/emoji", [$"{P}:Classes"] = "classes.json", [$"{P}:Split"] = "train",
            [$"{P}:Where:aesthetic"] = "True", [$"{P}:Where:style"] = "noto", [$"{P}:MaxImageSide"] = "1024",
        }, out var problems);
        Assert.Empty(problems);
        Assert.Equal(("data/emoji", "captions.jsonl", "classes.json", "train", 1024, 16 << 20),
            (options.Path, options.Captions, options.Classes, options.Split, options.MaxImageSide, options.MaxImagePixels));
        Assert.Equal(new Dictionary<string, string> { ["aesthetic"] = "True", ["style"] = "noto" }, options.Where);
    }

    [Fact]
    public void BadValuesAreReportedWithTheirKeys()
    {
        Bind<ImageFolderOptions>(new()
        {
            [$"{P}:Path"] = " ", [$"{P}:Captions"] = "", [$"{P}:MaxImageSide"] = "0", [$"{P}:MaxImagePixels"] = "-5",
            [$"{P}:Classes"] = " ", [$"{P}:Split"] = "", [$"{P}:Colour"] = "red",
        }, out var problems);
        var keys = problems.Select(p => p.Path).ToHashSet();
        foreach (var key in new[] { "Path", "Captions", "MaxImageSide", "MaxImagePixels", "Classes", "Colour" })
            Assert.Contains($"{P}:{key}", keys);
        Assert.Contains("allowed: Captions, Classes, MaxImagePixels, MaxImageSide, Path, Split, Where", problems.Single(p => p.Path.EndsWith(":Colour")).Message);

        Bind<ClassFoldersOptions>(new() { [$"{P}:Path"] = "x", [$"{P}:Split"] = "train" }, out var classProblems);
        Assert.Equal($"{P}:Split", Assert.Single(classProblems).Path);
    }

    [Fact]
    public void FactoriesRefuseInvalidOptionsNamingEveryKey()
    {
        var e = Assert.Throws<ArgumentException>(() => TestImages.OpenImageFolder(new ImageFolderOptions
            { Path = "", Captions = " ", MaxImageSide = 0, MaxImagePixels = 0, Where = { [""] = "x" } }));
        foreach (var key in new[] { "Path", "Captions", "MaxImageSide", "MaxImagePixels", "Where" }) Assert.Contains($"{P}:{key}:", e.Message);
        Assert.Contains($"{P}:Path:", Assert.Throws<ArgumentException>(() => TestImages.OpenClassFolders(new ClassFoldersOptions())).Message);
    }

    [Fact]
    public void MissingFolderCaptionsOrClassesNameTheirKey()
    {
        var missing = Path.Combine(TestImages.TempFolder(), "nope");
        var e1 = Assert.Throws<DirectoryNotFoundException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = missing }));
        Assert.Equal($"{P}:Path: folder '{missing}' does not exist; allowed: a folder holding captions.jsonl and the images it names", e1.Message);
        Assert.StartsWith($"{P}:Path: folder '{missing}' does not exist", Assert.Throws<DirectoryNotFoundException>(() => TestImages.OpenClassFolders(new ClassFoldersOptions { Path = missing })).Message);

        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "a.png", 4, 4);
        var e2 = Assert.Throws<FileNotFoundException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder }));
        Assert.StartsWith($"{P}:Captions: '{Path.Combine(folder, "captions.jsonl")}' does not exist; allowed: a JSON-lines file", e2.Message);

        TestImages.WriteCaptions(folder, new { file = "a.png", @class = 0 });
        var e3 = Assert.Throws<FileNotFoundException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, Classes = "classes.json" }));
        Assert.StartsWith($"{P}:Classes: '{Path.Combine(folder, "classes.json")}' does not exist", e3.Message);

        File.WriteAllText(Path.Combine(folder, "classes.json"), """{"classes": [{"index": 3, "name": "x"}]}""");
        var e4 = Assert.Throws<InvalidDataException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, Classes = "classes.json" }));
        Assert.Contains($"{P}:Classes: ", e4.Message);
        Assert.Contains("index 3 is not in 0..0", e4.Message);
        Assert.Contains("allowed: {\"classes\":[{\"index\":0,\"name\":\"...\"}, ...]} or [\"name\", ...]", e4.Message);
    }

    [Fact]
    public void RelativePathResolvesAgainstTheConfigurationFolder()
    {
        var parent = TestImages.TempFolder();
        var folder = Path.Combine(parent, "set");
        TestImages.WritePng(folder, "a.png", 4, 4);
        TestImages.WriteCaptions(folder, new { file = "a.png" });
        using var data = new ImageFolderDatasetFactory().Create(TestImages.Context(new ImageFolderOptions { Path = "set" }, parent));
        Assert.Equal(1, data.Count);
    }

    [Fact]
    public void NoUsableItemIsAnErrorNamingPathAndWhatIsAllowed()
    {
        var folder = TestImages.TempFolder();
        File.WriteAllText(Path.Combine(folder, "a.png"), "text");
        TestImages.WriteCaptions(folder, new { file = "a.png" }, new { file = "b.png" });
        var e = Assert.Throws<InvalidDataException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder }));
        Assert.StartsWith($"{P}:Path: no usable image in '{folder}' (2 well-formed records in captions.jsonl, 0 filtered out, 2 refused; e.g. a.png: not an image", e.Message);
        Assert.Contains("b.png: file not found", e.Message);
        Assert.Contains($"at most 4096 pixels a side ({P}:MaxImageSide) and 16777216 pixels ({P}:MaxImagePixels)", e.Message);

        File.WriteAllText(Path.Combine(folder, "captions.jsonl"), "");
        Assert.StartsWith($"{P}:Path: no usable image", Assert.Throws<InvalidDataException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder })).Message);
    }

    [Fact]
    public void FiltersThatMatchNothingNameTheirKeys()
    {
        var folder = TestImages.TempFolder();
        TestImages.WritePng(folder, "a.png", 4, 4);
        TestImages.WriteCaptions(folder, new { file = "a.png", split = "train" });
        var e = Assert.Throws<InvalidDataException>(() => TestImages.OpenImageFolder(new ImageFolderOptions { Path = folder, Split = "eval", Where = { ["style"] = "noto" } }));
        Assert.StartsWith($"{P}:Split, {P}:Where:style: none of the 1 records of '{Path.Combine(folder, "captions.jsonl")}' has split = 'eval', style = 'noto'", e.Message);
    }

    private static T Bind<T>(Dictionary<string, string?> values, out List<ConfigProblem> problems)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(P);
        problems = new List<ConfigProblem>();
        return (T)OptionsBinder.Bind(typeof(T), section, problems);
    }
}
