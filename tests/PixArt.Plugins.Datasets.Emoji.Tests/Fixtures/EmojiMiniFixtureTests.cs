using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Planning;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Emoji.Tests.Fixtures;

/// <summary>
/// The committed CI fixture (<c>Fixtures/emoji-mini</c>, cut from a real build by <c>regenerate.sh</c>): it must be a valid
/// dataset in exactly the format a full build writes, small, and carry its licence files.
/// </summary>
public sealed class EmojiMiniFixtureTests
{
    private static readonly string Folder = TestSupport.FixturePath("emoji-mini");

    [Fact]
    public void IsAValidDataset() => Assert.Empty(EmojiDatasetValidator.Validate(Folder));

    [Fact]
    public void HasAFewClassesOfRealEmojiInBothStylesAndBothSplits()
    {
        var classes = EmojiDatasetFolder.ReadClasses(Folder);
        var records = EmojiDatasetFolder.ReadRecords(Folder);
        Assert.InRange(classes.Count, 4, 6);
        Assert.All(classes, c => Assert.Contains(records, r => r.Class == c.Index && r.Split == EmojiSplit.Train));
        Assert.Contains(records, r => r.Split == EmojiSplit.Eval);
        Assert.Contains(records, r => r.SkinTone is not null);
        Assert.Contains(records, r => r.Aesthetic);
        foreach (var variant in records.GroupBy(r => r.Unified))
            Assert.Equal(new[] { "noto", "twemoji" }, variant.Select(r => r.Style).Order());
        Assert.All(records, r => Assert.Equal(EmojiSplit.GroupKey(r.BaseUnified), r.Group));
    }

    [Fact]
    public void RecordsItsSourcesAndComesFromARealBuild()
    {
        var manifest = EmojiDatasetManifest.Load(Path.Combine(Folder, "dataset.json"));
        Assert.Equal(new[] { ("twemoji", "emoji-datasource-twitter", "16.0.0", "CC-BY-4.0"), ("noto", "emoji-datasource-google", "16.0.0", "Apache-2.0") },
            manifest.Sources.Select(s => (s.Style, s.Package, s.Version, s.ImageLicense)));
        Assert.All(manifest.Sources, s => Assert.Equal("MIT", s.MetadataLicense));
        Assert.NotNull(manifest.SubsetOf);
        Assert.Equal(64, manifest.SubsetOf!.SourceCaptionsSha256.Length);
        var attribution = File.ReadAllText(Path.Combine(Folder, "ATTRIBUTION.md"));
        Assert.Contains("CC BY 4.0", attribution);
        Assert.Contains("Apache License, Version 2.0", attribution);
        Assert.Contains("Cal Henderson", File.ReadAllText(Path.Combine(Folder, "licenses", "emoji-datasource-MIT.txt")));
    }

    [Fact]
    public void ImagesAreRgbOnWhiteAndTheFolderIsSmall()
    {
        var files = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories);
        Assert.True(files.Sum(f => new FileInfo(f).Length) < 512 * 1024, "the fixture should stay well under 1 MB");
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "images"), "*.png", SearchOption.AllDirectories))
        {
            using var image = Image.Load<Rgb24>(file);
            Assert.Equal((64, 64), (image.Width, image.Height));
            Assert.Equal(new Rgb24(255, 255, 255), image[0, 0]);   // every emoji leaves its top-left corner transparent
        }
    }
}
