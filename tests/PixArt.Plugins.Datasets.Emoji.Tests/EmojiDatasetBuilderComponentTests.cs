using Microsoft.Extensions.Configuration;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Testing.Sampling;
using PixArt.Hosting.Configuration;
using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Planning;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Tests;

/// <summary>The <c>emoji</c> <see cref="Abstractions.Data.IDatasetBuilder"/>: options from configuration, a cached build (no npm), progress, overwrite.</summary>
public sealed class EmojiDatasetBuilderComponentTests
{
    /// <summary>A cache folder already holding both fake packages where <see cref="NpmPackageCache"/> looks, so npm never runs.</summary>
    private static string CacheWithPackages()
    {
        var templates = TestSupport.WritePackages(TestSupport.TempFolder());
        var cache = TestSupport.TempFolder();
        var layout = new NpmPackageCache(cache);
        foreach (var style in EmojiStyles.All)
        {
            var target = layout.PackageDirectory(style.PackageName, style.PackageVersion);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(Path.Combine(templates, style.PackageName), target);
        }
        return cache;
    }

    private static ComponentContext Context(EmojiBuilderOptions options, string? baseDirectory = null) =>
        new(options, new MinimalCpuRuntime(), "PixArt:DatasetBuilder", baseDirectory: baseDirectory);

    [Fact]
    public async Task BuildsFromTheCacheWithTheConfiguredOptionsAndReportsProgress()
    {
        var cache = CacheWithPackages();
        var options = new EmojiBuilderOptions { CacheDirectory = cache, NpmCommand = "/nonexistent/npm", SkinTones = SkinToneSelection.None, MaxDegreeOfParallelism = 2 };
        var output = Path.Combine(TestSupport.TempFolder(), "emoji");
        var reports = new List<ProgressUpdate>();
        await new EmojiDatasetBuilderComponent().BuildAsync(Context(options), output, overwrite: false, new SynchronousProgress(reports), CancellationToken.None);

        Assert.Empty(EmojiDatasetValidator.Validate(output));
        var records = EmojiDatasetFolder.ReadRecords(output);
        Assert.Equal(23, records.Count);                         // SkinTones None: no tone variants
        Assert.Equal(new[] { 1, 2 }, reports.Where(r => r.Stage == EmojiDatasetBuilder.PackagesStage).Select(r => r.Step));
        var images = reports.Where(r => r.Stage == EmojiDatasetBuilder.ImagesStage).ToList();
        Assert.Equal((23, 23), (images.Max(r => r.Step), images[^1].Total));
    }

    [Fact]
    public async Task OverwriteIsTheCallersChoice()
    {
        var cache = CacheWithPackages();
        var options = new EmojiBuilderOptions { CacheDirectory = cache, MaxDegreeOfParallelism = 2 };
        var output = Path.Combine(TestSupport.TempFolder(), "emoji");
        var builder = new EmojiDatasetBuilderComponent();
        await builder.BuildAsync(Context(options), output, overwrite: false, null, CancellationToken.None);
        var e = await Assert.ThrowsAsync<EmojiDataException>(() => builder.BuildAsync(Context(options), output, overwrite: false, null, CancellationToken.None));
        Assert.Contains("already holds a dataset", e.Message);
        options.SkinTones = SkinToneSelection.None;
        await builder.BuildAsync(Context(options), output, overwrite: true, null, CancellationToken.None);
        Assert.Equal(23, EmojiDatasetFolder.ReadRecords(output).Count);
    }

    [Fact]
    public async Task RelativeCacheResolvesAgainstTheConfigurationFolder()
    {
        var cache = CacheWithPackages();
        var options = new EmojiBuilderOptions { CacheDirectory = Path.GetFileName(cache), NpmCommand = "pixart-test-no-such-npm" };
        var output = Path.Combine(TestSupport.TempFolder(), "emoji");
        await new EmojiDatasetBuilderComponent().BuildAsync(Context(options, Path.GetDirectoryName(cache)), output, false, null, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(output, "dataset.json")));
    }

    [Fact]
    public async Task CancellationLeavesNothingBehind()
    {
        var options = new EmojiBuilderOptions { CacheDirectory = CacheWithPackages() };
        var output = Path.Combine(TestSupport.TempFolder(), "emoji");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new EmojiDatasetBuilderComponent().BuildAsync(Context(options), output, false, null, cancelled.Token));
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + ".partial"));
    }

    [Fact]
    public void OptionsBindFromConfigurationAndBadValuesNameTheirKeys()
    {
        var good = Bind(new Dictionary<string, string?>
        {
            ["PixArt:DatasetBuilder:CacheDirectory"] = "cache", ["PixArt:DatasetBuilder:SkinTones"] = "Uniform",
            ["PixArt:DatasetBuilder:EvalFraction"] = "0.2", ["PixArt:DatasetBuilder:NpmTimeout"] = "00:02:00",
        }, out var none);
        Assert.Empty(none);
        Assert.Equal(("cache", SkinToneSelection.Uniform, 0.2, TimeSpan.FromMinutes(2)), (good.CacheDirectory, good.SkinTones, good.EvalFraction, good.NpmTimeout));

        Bind(new Dictionary<string, string?>
        {
            ["PixArt:DatasetBuilder:EvalFraction"] = "1", ["PixArt:DatasetBuilder:NpmCommand"] = " ",
            ["PixArt:DatasetBuilder:MaxDegreeOfParallelism"] = "0", ["PixArt:DatasetBuilder:NpmTimeout"] = "00:00:00",
            ["PixArt:DatasetBuilder:Overwrite"] = "true",
        }, out var problems);
        var keys = problems.Select(p => p.Path).ToList();
        foreach (var key in new[] { "EvalFraction", "NpmCommand", "MaxDegreeOfParallelism", "NpmTimeout", "Overwrite" })
            Assert.Contains($"PixArt:DatasetBuilder:{key}", keys);
    }

    [Fact]
    public async Task InvalidOptionsAreRefusedBeforeAnythingRuns()
    {
        var options = new EmojiBuilderOptions { EvalFraction = 1.5, MaxDegreeOfParallelism = 0 };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => new EmojiDatasetBuilderComponent().BuildAsync(Context(options), TestSupport.TempFolder(), false, null, CancellationToken.None));
        Assert.Contains("PixArt:DatasetBuilder:EvalFraction", e.Message);
        Assert.Contains("PixArt:DatasetBuilder:MaxDegreeOfParallelism", e.Message);
    }

    private static EmojiBuilderOptions Bind(Dictionary<string, string?> values, out List<ConfigProblem> problems)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("PixArt:DatasetBuilder");
        problems = new List<ConfigProblem>();
        return (EmojiBuilderOptions)OptionsBinder.Bind(typeof(EmojiBuilderOptions), section, problems);
    }

    /// <summary>Records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
    private sealed class SynchronousProgress(List<ProgressUpdate> reports) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
