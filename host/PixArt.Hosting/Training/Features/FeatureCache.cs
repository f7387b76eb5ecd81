using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Training;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Startup;

namespace PixArt.Hosting.Training.Features;

/// <summary>
/// The feature cache of an experiment (reference 7.6; docs/training.md "Feature cache"): under
/// <c>PixArt:Training:FeatureCache</c>, one <see cref="FeatureFolder"/> per kind of feature and everything it depends
/// on. <c>latents-*</c>: each item's codec posterior (mean and log-variance <c>[C, h, w]</c> in the posterior's dtype) at
/// a stage's training size, depending on the codec, the runtime dtype, the data set and the size; <c>text-*</c>: each
/// item's caption embedding (<c>[L, C]</c> in the encoder's dtype and mask <c>[L]</c> int64; one copy per distinct
/// caption), depending on the text encoder, the runtime dtype and the data set. A change to any of these is another folder name, so training never reads features of another
/// configuration; within a folder each item's stamp (its size and file stamp, or its caption) is checked on use.
/// </summary>
public sealed class FeatureCache
{
    /// <summary>Folder name prefixes (kinds).</summary>
    public const string LatentsKind = "latents", TextKind = "text";

    /// <summary>Tensor names of a latent entry.</summary>
    public const string MeanTensor = "mean", LogVarianceTensor = "logvar";

    /// <summary>Tensor names of a caption entry.</summary>
    public const string TokensTensor = "tokens", MaskTensor = "mask";

    private readonly IReadOnlyList<string> _codec;
    private readonly IReadOnlyList<string>? _encoder;
    private readonly string _dtype;
    private readonly string _baseDirectory;

    private FeatureCache(string root, IReadOnlyList<string> codec, IReadOnlyList<string>? encoder, string dtype, string baseDirectory)
    {
        Root = root;
        _codec = codec;
        _encoder = encoder;
        _dtype = dtype;
        _baseDirectory = baseDirectory;
    }

    /// <summary>The cache's root folder.</summary>
    public string Root { get; }

    /// <summary>The cache of the configured experiment (its codec, text encoder, runtime dtype and folder).</summary>
    public static FeatureCache Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<TrainingOptions>>().Value;
        var settings = services.GetRequiredService<PixArtHostSettings>();
        var selections = services.GetRequiredService<ComponentSelections>();
        var runtime = services.GetRequiredService<IRuntimeContext>();
        var codec = FeatureIdentity.Of("codec", selections.Get(PipelineSlots.Codec), settings.BaseDirectory, withFiles: true).ToList();
        var encoder = selections.Find(PipelineSlots.TextEncoder) is { } text ? FeatureIdentity.Of("text encoder", text, settings.BaseDirectory, withFiles: true).ToList() : null;
        return new FeatureCache(Path.GetFullPath(options.FeatureCache, settings.BaseDirectory), codec, encoder, runtime.DType.ToString(), settings.BaseDirectory);
    }

    /// <summary>
    /// The feature folder <paramref name="folder"/> for training when it exists and holds <paramref name="identity"/>'s
    /// features (shards it had to leave out are warned about by name); null when there is none — then, when the cache
    /// holds folders of the same kind, an information line says which lines of the nearest one's identity differ (a
    /// changed option, dtype, moved file) — or, with a warning naming it, when it cannot be used.
    /// </summary>
    public static FeatureFolder? OpenForTraining(string folder, IReadOnlyList<string> identity, ILogger logger, string stageName)
    {
        FeatureFolder? opened;
        try
        {
            opened = FeatureFolder.Open(folder, identity);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            logger.LogWarning("stage {Stage}: feature cache not used: {Reason}", stageName, e.Message);
            return null;
        }
        if (opened is null)
        {
            if (Nearest(folder, identity) is { } nearest)
                logger.LogInformation("stage {Stage}: no features for this configuration in the feature cache ({Folder} is absent); the nearest folder {Nearest} was extracted with {Differences}",
                    stageName, folder, nearest.Folder, nearest.Differences);
            return null;
        }
        foreach (var problem in opened.Problems) logger.LogWarning("stage {Stage}: feature cache shard left out (its items are encoded as they come; pixart extract re-extracts them): {Problem}", stageName, problem);
        return opened;
    }

    // The sibling folder of the same kind whose identity differs in the fewest lines, and those lines.
    private static (string Folder, string Differences)? Nearest(string folder, IReadOnlyList<string> identity)
    {
        var root = Path.GetDirectoryName(folder)!;
        var kind = Path.GetFileName(folder).Split('-')[0];
        if (!Directory.Exists(root)) return null;
        (string Folder, List<string> Theirs, List<string> Ours)? best = null;
        foreach (var sibling in Directory.GetDirectories(root, kind + "-*"))
        {
            List<string>? theirs;
            try
            {
                theirs = System.Text.Json.JsonSerializer.Deserialize<FeatureManifest>(File.ReadAllBytes(Path.Combine(sibling, FeatureFolder.ManifestFile)))?.Identity;
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                continue;
            }
            if (theirs is null) continue;
            var only = theirs.Except(identity, StringComparer.Ordinal).ToList();
            var ours = identity.Except(theirs, StringComparer.Ordinal).ToList();
            if (best is null || only.Count + ours.Count < best.Value.Theirs.Count + best.Value.Ours.Count) best = (sibling, only, ours);
        }
        if (best is not { } b) return null;
        return (b.Folder, $"{Quoted(b.Theirs)} where this run has {Quoted(b.Ours)}");
    }

    // Up to four identity lines, quoted; a line one side has and the other lacks (an added option) reads as "no such line".
    private static string Quoted(List<string> lines) =>
        lines.Count == 0 ? "no such line" : string.Join(", ", lines.Take(4).Select(l => $"'{l}'")) + (lines.Count > 4 ? ", ..." : "");

    /// <summary>Where stage <paramref name="stage"/>'s latents are cached and what they depend on.</summary>
    public LatentFeatureSpec Latents(StagePlan stage, int sizeMultiple)
    {
        var o = stage.Options;
        var size = o.MultiScale
            ? string.Create(CultureInfo.InvariantCulture, $"size = aspect-ratio buckets of {o.Resolution} rounded to multiples of {sizeMultiple}, {ImageFit.CoverAndCenterCrop}")
            : string.Create(CultureInfo.InvariantCulture, $"size = {o.Resolution}x{o.Resolution}, {ImageFit.ShortSideAndCenterCrop}");
        var identity = new List<string> { "features = codec posterior (mean, log-variance)" };
        identity.AddRange(_codec);
        identity.Add($"dtype = {_dtype}");
        identity.AddRange(FeatureIdentity.Of("dataset", stage.DatasetSelection, _baseDirectory, withFiles: false));
        identity.Add(size);
        return new LatentFeatureSpec(Path.Combine(Root, FeatureIdentity.FolderName(LatentsKind, identity)), identity, o.Resolution, o.MultiScale, sizeMultiple);
    }

    /// <summary>Where stage <paramref name="stage"/>'s caption embeddings are cached; null when the stage does not train on captions or no text encoder is configured.</summary>
    public TextFeatureSpec? Text(StagePlan stage)
    {
        if (stage.Stage.Condition != TrainingCondition.Caption || _encoder is null) return null;
        var identity = new List<string> { "features = caption embedding (tokens, mask)" };
        identity.AddRange(_encoder);
        identity.Add($"dtype = {_dtype}");
        identity.AddRange(FeatureIdentity.Of("dataset", stage.DatasetSelection, _baseDirectory, withFiles: false));
        return new TextFeatureSpec(Path.Combine(Root, FeatureIdentity.FolderName(TextKind, identity)), identity);
    }
}

/// <summary>A stage's latent features: their folder, identity, and each item's training size and stamp.</summary>
/// <param name="Folder">The feature folder.</param>
/// <param name="Identity">What the features depend on.</param>
/// <param name="Resolution">The stage's resolution.</param>
/// <param name="MultiScale">Whether items are trained at their bucket's size.</param>
/// <param name="SizeMultiple">Bucket sizes are rounded to multiples of this (codec downsample × patch).</param>
public sealed record LatentFeatureSpec(string Folder, IReadOnlyList<string> Identity, int Resolution, bool MultiScale, int SizeMultiple)
{
    /// <summary>The size item <paramref name="index"/> is trained at (<see cref="TrainingBatches.ItemSize"/>).</summary>
    public (int Height, int Width) Size(IDataset data, int index) => TrainingBatches.ItemSize(data.Item(index), Resolution, MultiScale, SizeMultiple);

    /// <summary>The stamp of item <paramref name="index"/> encoded at <paramref name="height"/> × <paramref name="width"/>: the size and the data set's content stamp.</summary>
    public static string Stamp(IDataset data, int index, int height, int width) =>
        string.Create(CultureInfo.InvariantCulture, $"{height}x{width} {data.ContentStamp(index) ?? "-"}");

    /// <summary>Whether <paramref name="folder"/> holds item <paramref name="index"/>'s posterior at <paramref name="height"/> × <paramref name="width"/>, unchanged since.</summary>
    public static bool IsCurrent(FeatureFolder folder, IDataset data, int index, int height, int width) =>
        folder.Has(data.Item(index).Key, Stamp(data, index, height, width));

    /// <summary>Whether <paramref name="folder"/> holds item <paramref name="index"/>'s posterior at its training size, unchanged since.</summary>
    public bool IsCurrent(FeatureFolder folder, IDataset data, int index)
    {
        var (height, width) = Size(data, index);
        return IsCurrent(folder, data, index, height, width);
    }

    /// <summary>How many of <paramref name="data"/>'s items <paramref name="folder"/> holds current posteriors of.</summary>
    public int CountCurrent(FeatureFolder folder, IDataset data) => Enumerable.Range(0, data.Count).Count(i => IsCurrent(folder, data, i));
}

/// <summary>A stage's caption features: their folder and identity; an item's stamp is its caption.</summary>
/// <param name="Folder">The feature folder.</param>
/// <param name="Identity">What the features depend on.</param>
public sealed record TextFeatureSpec(string Folder, IReadOnlyList<string> Identity)
{
    /// <summary>The stamp of <paramref name="item"/>: its caption.</summary>
    public static string Stamp(DatasetItem item) => item.Caption ?? "";

    /// <summary>Whether <paramref name="folder"/> holds the embedding of <paramref name="item"/>'s present caption.</summary>
    public static bool IsCurrent(FeatureFolder folder, DatasetItem item) => folder.Has(item.Key, Stamp(item));

    /// <summary>How many of <paramref name="data"/>'s items <paramref name="folder"/> holds current embeddings of.</summary>
    public static int CountCurrent(FeatureFolder folder, IDataset data) => Enumerable.Range(0, data.Count).Count(i => IsCurrent(folder, data.Item(i)));

    /// <summary>The tensor key of <paramref name="caption"/>'s embedding: items with equal captions share one copy.</summary>
    public static string TensorKey(string caption) =>
        "caption-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caption)), 0, 16).ToLowerInvariant();
}
