using System.Security.Cryptography;
using System.Text.Json;
using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Planning;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PixArt.Plugins.Datasets.Emoji.Tests;

/// <summary>Whole builds from fake installed packages (no npm, no network).</summary>
public sealed class EmojiDatasetBuilderTests
{
    private static (string Output, EmojiDatasetManifest Manifest) Build(EmojiDatasetBuildOptions? options = null, string? packages = null)
    {
        packages ??= TestSupport.WritePackages(TestSupport.TempFolder());
        var output = Path.Combine(TestSupport.TempFolder(), "dataset");
        var manifest = new EmojiDatasetBuilder(options ?? new EmojiDatasetBuildOptions { MaxDegreeOfParallelism = 2 })
            .BuildFromPackages(TestSupport.OpenPackages(packages), output);
        return (output, manifest);
    }

    [Fact]
    public void WritesTheDocumentedFolder()
    {
        var (output, _) = Build();
        foreach (var file in new[] { "captions.jsonl", "classes.json", "dataset.json", "ATTRIBUTION.md", "LICENSES.md", "licenses/Apache-2.0.txt", "licenses/emoji-datasource-MIT.txt" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        Assert.Equal(13, Directory.GetFiles(Path.Combine(output, "images", "twemoji")).Length);
        Assert.Equal(12, Directory.GetFiles(Path.Combine(output, "images", "noto")).Length);
        Assert.Empty(EmojiDatasetValidator.Validate(output));
        Assert.False(Directory.Exists(output + ".partial"));
    }

    [Fact]
    public void ManifestRecordsSourcesSettingsCountsAndChecksums()
    {
        var (output, manifest) = Build();
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "dataset.json"))).RootElement;
        Assert.Equal("pixart-emoji-dataset", json.GetProperty("format").GetString());
        Assert.Equal(EmojiDatasetBuilder.Version, json.GetProperty("builder").GetProperty("version").GetString());

        var sources = json.GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(new[] { ("twemoji", "emoji-datasource-twitter", "16.0.0", "CC-BY-4.0", "MIT"), ("noto", "emoji-datasource-google", "16.0.0", "Apache-2.0", "MIT") },
            sources.Select(s => (s.GetProperty("style").GetString()!, s.GetProperty("package").GetString()!, s.GetProperty("version").GetString()!,
                s.GetProperty("image_license").GetString()!, s.GetProperty("metadata_license").GetString()!)));

        var settings = json.GetProperty("settings");
        Assert.Equal("one-rotating", settings.GetProperty("skin_tones").GetString());
        Assert.Equal(0.1, settings.GetProperty("eval_fraction").GetDouble());
        Assert.Equal(EmojiSplit.Salt, settings.GetProperty("split_salt").GetString());

        var counts = json.GetProperty("counts");
        Assert.Equal(25, counts.GetProperty("images").GetInt32());
        Assert.Equal(12, counts.GetProperty("emoji").GetInt32());
        Assert.Equal(7, counts.GetProperty("classes").GetInt32());
        Assert.Equal(1, counts.GetProperty("skipped_missing_image").GetProperty("noto").GetInt32());
        Assert.Equal(1, counts.GetProperty("excluded_records").GetInt32());
        Assert.Equal(2, counts.GetProperty("skin_tone_images").GetInt32());
        var records = EmojiDatasetFolder.ReadRecords(output);
        foreach (var split in new[] { "train", "eval" })
            Assert.Equal(records.Count(r => r.Split == split), manifest.Counts.BySplit.GetValueOrDefault(split));
        Assert.Equal(records.Count(r => r.Style == "noto"), counts.GetProperty("by_style").GetProperty("noto").GetInt32());
        Assert.Equal(records.Count, manifest.Counts.ByClass.Sum(c => c.Train + c.Eval));
        // 1F600 and 1F44B hash into eval (see EmojiSplitTests); everything else here is train.
        Assert.Equal(new[] { "1F44B", "1F600" }, records.Where(r => r.Split == "eval").Select(r => r.BaseUnified).Distinct().Order());

        var files = json.GetProperty("files");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(output, "captions.jsonl")))), files.GetProperty("captions_sha256").GetString());
        Assert.Equal(25, files.GetProperty("captions_lines").GetInt32());
        Assert.Equal(manifest.CaptionWords.Max, records.Max(r => EmojiCaptions.WordCount(r.Caption)));
    }

    [Fact]
    public void CaptionsLinesCarryEveryField()
    {
        var (output, _) = Build();
        var line = File.ReadLines(Path.Combine(output, "captions.jsonl")).First(l => l.Contains("\"1F44B-1F3FB\"") && l.Contains("noto"));
        Assert.Equal(
            """{"file":"images/noto/1f44b-1f3fb.png","caption":"waving hand sign, light skin tone, noto style, wave, hand fingers open, people and body","class":2,"split":"eval","style":"noto","name":"waving hand sign","short_names":["wave"],"category":"People & Body","subcategory":"hand-fingers-open","skin_tone":"light","unified":"1F44B-1F3FB","base_unified":"1F44B","group":"1F44B","sort_order":170,"aesthetic":true,"coverage":0.3506,"width":64,"height":64}""",
            line);
        var classes = EmojiDatasetFolder.ReadClasses(output);
        Assert.Equal(new EmojiClass(2, "hand-fingers-open", "People & Body", "hand fingers open"), classes[2]);
    }

    [Fact]
    public void ImagesAreCompositedOnWhite()
    {
        var (output, _) = Build();
        using var image = Image.Load<Rgba32>(Path.Combine(output, "images", "twemoji", "1f600.png"));
        Assert.Equal(new Rgba32(255, 255, 255, 255), image[0, 0]);     // transparent corner
        Assert.NotEqual(new Rgba32(255, 255, 255, 255), image[32, 32]); // the opaque disc keeps its colour
        Assert.Equal(255, image[32, 32].A);
    }

    [Fact]
    public void AestheticFlagFollowsTheRule()
    {
        var (output, _) = Build();
        var records = EmojiDatasetFolder.ReadRecords(output);
        Assert.All(records.Where(r => r.Category is "Flags" or "Symbols"), r => Assert.False(r.Aesthetic));
        Assert.All(records.Where(r => r.Unified == "1F9D1-200D-1F373"), r => Assert.False(r.Aesthetic));   // no Noto image
        Assert.All(records.Where(r => r.Unified == "1F638"), r => Assert.True(r.Aesthetic));
        Assert.All(records.GroupBy(r => r.Unified), g => Assert.Single(g.Select(r => r.Aesthetic).Distinct()));
        Assert.False(AestheticRule.IsAesthetic("Animals & Nature", new[] { 0.5, 0.05 }, 2));
    }

    [Fact]
    public void BuildingTwiceGivesIdenticalFiles()
    {
        var packages = TestSupport.WritePackages(TestSupport.TempFolder());
        var (a, ma) = Build(packages: packages);
        var (b, mb) = Build(new EmojiDatasetBuildOptions { MaxDegreeOfParallelism = 1 }, packages);
        foreach (var file in new[] { "captions.jsonl", "classes.json", "dataset.json", "ATTRIBUTION.md", "LICENSES.md" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        Assert.Equal(ma.Files.ImagesSha256, mb.Files.ImagesSha256);
    }

    [Fact]
    public void AttributionNamesBothSourcesTheirLicencesAndTheChanges()
    {
        var (output, _) = Build();
        var attribution = File.ReadAllText(Path.Combine(output, "ATTRIBUTION.md"));
        Assert.Contains("Twemoji", attribution);
        Assert.Contains("Creative Commons Attribution 4.0 International (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/", attribution);
        Assert.Contains("Noto Emoji", attribution);
        Assert.Contains("Apache License, Version 2.0", attribution);
        Assert.Contains("Copyright (c) 2013 Cal Henderson, MIT License", attribution);
        Assert.Contains("composited onto an opaque white background", attribution);
        Assert.StartsWith("\n                                 Apache License\n", File.ReadAllText(Path.Combine(output, "licenses", "Apache-2.0.txt")));
        Assert.Equal(TestSupport.MitLicense, File.ReadAllText(Path.Combine(output, "licenses", "emoji-datasource-MIT.txt")));
    }

    [Fact]
    public void OutputFolderIsProtected()
    {
        var packages = TestSupport.OpenPackages(TestSupport.WritePackages(TestSupport.TempFolder()));
        var foreign = TestSupport.TempFolder();
        File.WriteAllText(Path.Combine(foreign, "notes.txt"), "mine");
        var e = Assert.Throws<EmojiDataException>(() => new EmojiDatasetBuilder(new EmojiDatasetBuildOptions { Overwrite = true }).BuildFromPackages(packages, foreign));
        Assert.Contains("holds no dataset.json", e.Message);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(foreign, "notes.txt")));

        var output = Path.Combine(TestSupport.TempFolder(), "dataset");
        new EmojiDatasetBuilder().BuildFromPackages(packages, output);
        Assert.Contains("already holds a dataset", Assert.Throws<EmojiDataException>(() => new EmojiDatasetBuilder().BuildFromPackages(packages, output)).Message);
        File.WriteAllText(Path.Combine(output, "stale.txt"), "old");
        new EmojiDatasetBuilder(new EmojiDatasetBuildOptions { Overwrite = true, SkinTones = SkinToneSelection.None }).BuildFromPackages(packages, output);
        Assert.False(File.Exists(Path.Combine(output, "stale.txt")));
        Assert.Equal(23, EmojiDatasetFolder.ReadRecords(output).Count);
    }

    [Fact]
    public void MissingImageFileFailsNamingIt()
    {
        var root = TestSupport.WritePackages(TestSupport.TempFolder());
        var gone = Path.Combine(root, "emoji-datasource-google", "img", "google", "64", "1f638.png");
        File.Delete(gone);
        var output = Path.Combine(TestSupport.TempFolder(), "dataset");
        var e = Assert.Throws<EmojiDataException>(() => new EmojiDatasetBuilder().BuildFromPackages(TestSupport.OpenPackages(root), output));
        Assert.StartsWith(gone, e.Message);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + ".partial"));
    }

    [Fact]
    public void ValidatorFindsTamperedFiles()
    {
        var (output, _) = Build();
        var captions = Path.Combine(output, "captions.jsonl");
        File.WriteAllText(captions, File.ReadAllText(captions).Replace("\"split\":\"eval\"", "\"split\":\"train\"", StringComparison.Ordinal));
        File.Delete(Path.Combine(output, "images", "noto", "1f638.png"));
        var problems = EmojiDatasetValidator.Validate(output);
        Assert.Contains(problems, p => p.Contains("captions_sha256"));
        Assert.Contains(problems, p => p.Contains("1f638.png not found"));
        Assert.Contains(problems, p => p.Contains("by_split"));
    }
}
