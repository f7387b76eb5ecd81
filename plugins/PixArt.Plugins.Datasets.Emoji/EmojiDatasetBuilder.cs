using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PixArt.Abstractions.Runtime;
using PixArt.Plugins.Datasets.Emoji.Images;
using PixArt.Plugins.Datasets.Emoji.Metadata;
using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Planning;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji;

/// <summary>
/// Builds the emoji dataset folder (README.md of the plugin describes it): installs the two emoji-datasource packages
/// with npm into a cache (reused when present), plans images, captions, classes and split from the metadata, composites
/// every image onto white, writes the folder next to the target, checks it, and moves it into place.
/// Host-independent: the CLI's <c>pixart data emoji</c> and <c>tools/PixArt.Tools.EmojiData</c> call it.
/// </summary>
public sealed class EmojiDatasetBuilder
{
    /// <summary>Builder version recorded in <c>dataset.json</c>.</summary>
    public const string Version = "0.1.0";

    /// <summary>Progress stage of installing or reusing the npm packages (one step per package).</summary>
    public const string PackagesStage = "packages";

    /// <summary>Progress stage of compositing and writing the images (one step per image).</summary>
    public const string ImagesStage = "images";

    private const int ProgressEvery = 64;

    private readonly EmojiDatasetBuildOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a builder.</summary>
    public EmojiDatasetBuilder(EmojiDatasetBuildOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new EmojiDatasetBuildOptions();
        if (_options.EvalFraction is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.EvalFraction, "EvalFraction must be in [0, 1)");
        if (_options.MaxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be at least 1");
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Installs (or reuses) the packages and builds the dataset into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="EmojiDataException">npm missing or failing, unexpected package content, or the output folder in the way.</exception>
    public Task<EmojiDatasetManifest> BuildAsync(string outputDirectory, CancellationToken cancellationToken = default) =>
        BuildAsync(outputDirectory, null, cancellationToken);

    /// <summary>
    /// Installs (or reuses) the packages and builds the dataset into <paramref name="outputDirectory"/>, reporting the
    /// stages <see cref="PackagesStage"/> (one step per package) and <see cref="ImagesStage"/> (one step per image).
    /// </summary>
    /// <exception cref="EmojiDataException">npm missing or failing, unexpected package content, or the output folder in the way.</exception>
    public async Task<EmojiDatasetManifest> BuildAsync(string outputDirectory, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken = default)
    {
        var packages = await EnsurePackagesAsync(progress, cancellationToken).ConfigureAwait(false);
        return BuildFromPackages(packages, outputDirectory, progress, cancellationToken);
    }

    /// <summary>Installs the two packages into the cache unless they are already there, and opens them.</summary>
    public Task<IReadOnlyList<EmojiPackage>> EnsurePackagesAsync(CancellationToken cancellationToken = default) =>
        EnsurePackagesAsync(null, cancellationToken);

    /// <summary>Installs the two packages into the cache unless they are already there, and opens them, reporting each.</summary>
    public async Task<IReadOnlyList<EmojiPackage>> EnsurePackagesAsync(IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken = default)
    {
        var cache = new NpmPackageCache(_options.CacheDirectory, _options.NpmCommand, _options.NpmTimeout, _logger);
        var packages = new List<EmojiPackage>();
        foreach (var style in EmojiStyles.All)
        {
            var folder = await cache.EnsureAsync(style.PackageName, style.PackageVersion, dir => EmojiPackage.IsComplete(dir, style), cancellationToken)
                .ConfigureAwait(false);
            packages.Add(EmojiPackage.Open(folder, style));
            progress?.Report(new ProgressUpdate(PackagesStage, packages.Count, EmojiStyles.All.Count, $"{style.PackageName}@{style.PackageVersion}"));
        }
        return packages;
    }

    /// <summary>Builds the dataset from already installed packages (one per style).</summary>
    public EmojiDatasetManifest BuildFromPackages(IReadOnlyList<EmojiPackage> packages, string outputDirectory, CancellationToken cancellationToken = default) =>
        BuildFromPackages(packages, outputDirectory, null, cancellationToken);

    /// <summary>Builds the dataset from already installed packages (one per style), reporting each image written.</summary>
    public EmojiDatasetManifest BuildFromPackages(IReadOnlyList<EmojiPackage> packages, string outputDirectory, IProgress<ProgressUpdate>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (packages.Count == 0) throw new ArgumentException("at least one package is needed", nameof(packages));
        var output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        PrepareOutput(output);

        var records = ReadMetadata(packages);
        var styles = packages.Select(p => p.Style).ToList();
        var plan = EmojiDatasetPlanner.Plan(records, styles, _options.SkinTones, _options.EvalFraction);
        _logger.LogInformation("Planned {Images} images of {Classes} classes; writing {Folder}", plan.Images.Count, plan.Classes.Count, output);

        var staging = output + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var imageDirs = packages.ToDictionary(p => p.Style.Id, p => p.ImageDirectory, StringComparer.Ordinal);
            foreach (var style in styles) Directory.CreateDirectory(Path.Combine(staging, EmojiDatasetWriter.ImagesFolder, style.Id));
            var coverage = new double[plan.Images.Count];
            var written = 0;
            try
            {
                Parallel.For(0, plan.Images.Count,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken },
                    i =>
                    {
                        var item = plan.Images[i];
                        using var source = EmojiImages.LoadSource(Path.Combine(imageDirs[item.Style.Id], item.SourceImage), EmojiDatasetPlanner.ImageSize);
                        coverage[i] = Math.Round(EmojiImages.Coverage(source), 4);
                        using var rgb = EmojiImages.CompositeOnWhite(source);
                        File.WriteAllBytes(Path.Combine(staging, item.Record.File), EmojiImages.EncodePng(rgb));
                        var done = Interlocked.Increment(ref written);
                        if (progress is not null && (done % ProgressEvery == 0 || done == plan.Images.Count))
                            progress.Report(new ProgressUpdate(ImagesStage, done, plan.Images.Count));
                    });
            }
            catch (AggregateException e)
            {
                // Report the first problem as itself (an EmojiDataException names the file), not wrapped.
                ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
            }

            // The aesthetic flag belongs to the emoji variant: computed from every style's image of it.
            var byVariant = plan.Images.Select((p, i) => (p.Record, Coverage: coverage[i])).GroupBy(x => x.Record.Unified, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => AestheticRule.IsAesthetic(g.First().Record.Category, g.Select(x => x.Coverage).ToList(), styles.Count), StringComparer.Ordinal);
            var final = plan.Images.Select((p, i) => p.Record with { Coverage = coverage[i], Aesthetic = byVariant[p.Record.Unified] }).ToList();

            EmojiLicenseFiles.Write(staging, packages.Select(EmojiSourceInfo.From).ToList(), packages[0].LicenseText);
            var manifest = EmojiDatasetWriter.Write(staging, plan.Classes, final, new EmojiDatasetWriter.Header(
                packages.Select(EmojiSourceInfo.From).ToList(), _options.SkinTones, _options.EvalFraction,
                plan.SkippedMissingImage, plan.ExcludedRecords));
            var problems = EmojiDatasetValidator.Validate(staging);
            if (problems.Count > 0)
                throw new InvalidOperationException($"the written dataset does not validate (a builder bug): {string.Join("; ", problems.Take(5))}");

            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            Directory.Move(staging, output);
            _logger.LogInformation("Wrote {Images} images ({Train} train, {Eval} eval) to {Folder}",
                manifest.Counts.Images, manifest.Counts.BySplit.GetValueOrDefault(EmojiSplit.Train), manifest.Counts.BySplit.GetValueOrDefault(EmojiSplit.Eval), output);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                try { Directory.Delete(staging, recursive: true); }
                catch (IOException) { }
            }
        }
    }

    // All packages of one emoji-datasource version carry the same emoji.json; a difference means mixed versions.
    private static IReadOnlyList<EmojiRecord> ReadMetadata(IReadOnlyList<EmojiPackage> packages)
    {
        var digests = packages.Select(p => (p, Digest: Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p.MetadataPath))))).ToList();
        if (digests.Select(d => d.Digest).Distinct().Count() > 1)
            throw new EmojiDataException($"the packages' emoji.json files differ ({string.Join(", ", packages.Select(p => p.MetadataPath))}); they must come from the same emoji-datasource version");
        return EmojiMetadata.Load(packages[0].MetadataPath);
    }

    private void PrepareOutput(string output)
    {
        if (File.Exists(output)) throw new EmojiDataException($"{output} is a file; give a folder for the dataset");
        if (!Directory.Exists(output) || !Directory.EnumerateFileSystemEntries(output).Any()) return;
        if (!File.Exists(Path.Combine(output, EmojiDatasetWriter.ManifestFile)))
            throw new EmojiDataException($"{output} exists, is not empty and holds no dataset.json; choose another folder (nothing there was touched)");
        if (!_options.Overwrite)
            throw new EmojiDataException($"{output} already holds a dataset; pass the overwrite option to replace it");
    }
}
