using PixArt.Plugins.Datasets.Emoji.Output;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Output;

public sealed class EmojiDatasetSubsetTests
{
    private static string BuildFull()
    {
        var packages = TestSupport.OpenPackages(TestSupport.WritePackages(TestSupport.TempFolder()));
        var output = Path.Combine(TestSupport.TempFolder(), "full");
        new EmojiDatasetBuilder().BuildFromPackages(packages, output);
        return output;
    }

    [Fact]
    public void KeepsTheClassesRenumbersThemAndTakesTrainPlusOneEvalEmoji()
    {
        var full = BuildFull();
        var output = Path.Combine(TestSupport.TempFolder(), "mini");
        var manifest = EmojiDatasetSubset.Create(full, output, new[] { "hand-fingers-open", "cat-face" }, emojiPerClass: 2);

        Assert.Empty(EmojiDatasetValidator.Validate(output));
        var classes = EmojiDatasetFolder.ReadClasses(output);
        Assert.Equal(new[] { (0, "cat-face"), (1, "hand-fingers-open") }, classes.Select(c => (c.Index, c.Name)));   // source order
        var records = EmojiDatasetFolder.ReadRecords(output);
        Assert.Equal(new[] { "1F638", "1F63A", "1F44B", "1F91A" }.Order(), records.Select(r => r.BaseUnified).Distinct().Order());
        Assert.Contains(records, r => r.Split == "eval" && r.BaseUnified == "1F44B");     // the class's held-out emoji, with its tone
        Assert.Equal(4, records.Count(r => r.BaseUnified == "1F44B"));
        Assert.All(records, r => Assert.Equal(r.Subcategory == "cat-face" ? 0 : 1, r.Class));
        Assert.NotNull(manifest.SubsetOf);
        Assert.Equal(EmojiDatasetManifest.Load(Path.Combine(full, "dataset.json")).Files.CaptionsSha256, manifest.SubsetOf!.SourceCaptionsSha256);
        Assert.Equal(File.ReadAllText(Path.Combine(full, "ATTRIBUTION.md")), File.ReadAllText(Path.Combine(output, "ATTRIBUTION.md")));
    }

    [Fact]
    public void UnknownClassesAndOccupiedOutputsAreRefused()
    {
        var full = BuildFull();
        var e = Assert.Throws<EmojiDataException>(() => EmojiDatasetSubset.Create(full, Path.Combine(TestSupport.TempFolder(), "x"), new[] { "dragons" }, 2));
        Assert.Contains("no class 'dragons'", e.Message);
        var occupied = TestSupport.TempFolder();
        File.WriteAllText(Path.Combine(occupied, "a.txt"), "");
        Assert.Throws<EmojiDataException>(() => EmojiDatasetSubset.Create(full, occupied, new[] { "cat-face" }, 2));
    }
}
