using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Text;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training.Features;

/// <summary>What <see cref="FeatureExtractor"/> did for one feature folder.</summary>
/// <param name="Kind"><see cref="FeatureCache.LatentsKind"/> or <see cref="FeatureCache.TextKind"/>.</param>
/// <param name="Stage">The (first) stage it serves.</param>
/// <param name="Folder">The feature folder.</param>
/// <param name="Items">Items of the stage's data set.</param>
/// <param name="Added">Items encoded by this call.</param>
/// <param name="Current">Items whose features are current after it.</param>
/// <param name="Skipped">Items that could not be decoded (each reported with a warning).</param>
public sealed record ExtractedFeatures(string Kind, string Stage, string Folder, int Items, int Added, int Current, int Skipped);

/// <summary>How <see cref="FeatureExtractor.Run"/> ended.</summary>
/// <param name="Completed">Every folder is complete (false: cancelled; what was written is kept and a new call continues).</param>
/// <param name="Folders">The folders handled, in order.</param>
public sealed record ExtractionOutcome(bool Completed, IReadOnlyList<ExtractedFeatures> Folders);

/// <summary>
/// <c>pixart extract</c> (reference 7.6): for every stage of the experiment, its items' codec posteriors at the stage's
/// training size and, for caption stages, their caption embeddings, written once into the <see cref="FeatureCache"/>
/// that training then reads. Items already there and unchanged are not encoded again; a folder shared by several
/// stages (same data set, size, codec or encoder) is written once. Shards of <see cref="ShardItems"/> items are written
/// as they fill, so an interrupted extraction loses at most the shard in progress.
/// </summary>
public sealed class FeatureExtractor(IServiceProvider services, ILogger<FeatureExtractor> logger)
{
    /// <summary>Items per shard file.</summary>
    public const int ShardItems = 1024;

    /// <summary>Images per codec call.</summary>
    public const int EncodeBatch = 16;

    /// <summary>Seconds between progress lines while encoding.</summary>
    public const double ProgressSeconds = 5;

    /// <summary>
    /// Extracts every stage's features; with <paramref name="force"/> each folder is emptied first. Throws
    /// <see cref="Configuration.ConfigurationException"/> for a bad experiment (before any work). <paramref name="progress"/>
    /// receives a line per shard and per finished folder.
    /// </summary>
    public ExtractionOutcome Run(bool force, Action<string> progress, CancellationToken cancellation)
    {
        using var plan = ExperimentPlan.Create(services);
        var cache = FeatureCache.Create(services);
        var runtime = services.GetRequiredService<IRuntimeContext>();
        foreach (var stage in plan.Stages)
            foreach (var skipped in stage.Dataset.Skipped)
                logger.LogWarning("skipped {Item} (stage {Stage}): {Reason}", skipped.Key, stage.Stage.Name, skipped.Reason);
        using var frozen = FrozenComponents.Create(services, plan);
        var results = new List<ExtractedFeatures>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in plan.Stages)
        {
            var latents = cache.Latents(stage, frozen.Codec.DownsampleFactor * stage.Model.PatchSize);
            if (seen.Add(latents.Folder))
            {
                var (result, done) = Latents(stage, latents, frozen.Codec, runtime, force, progress, cancellation);
                results.Add(result);
                if (!done) return new ExtractionOutcome(false, results);
            }
            if (cache.Text(stage) is { } text && frozen.TextEncoder is { } encoder && seen.Add(text.Folder))
            {
                var (result, done) = Text(stage, text, encoder, force, progress, cancellation);
                results.Add(result);
                if (!done) return new ExtractionOutcome(false, results);
            }
        }
        return new ExtractionOutcome(true, results);
    }

    private (ExtractedFeatures, bool Completed) Latents(StagePlan stage, LatentFeatureSpec spec, ILatentCodec codec, IRuntimeContext runtime, bool force,
        Action<string> progress, CancellationToken cancellation)
    {
        var data = stage.Dataset;
        var fit = stage.Options.MultiScale ? ImageFit.CoverAndCenterCrop : ImageFit.ShortSideAndCenterCrop;
        using var folder = FeatureFolder.OpenForWriting(spec.Folder, spec.Identity, force);
        var todo = Enumerable.Range(0, data.Count).Where(i => !spec.IsCurrent(folder, data, i)).Select(i => (Index: i, Size: spec.Size(data, i))).ToList();
        var counter = new Counter(FeatureCache.LatentsKind, stage, folder, data.Count, todo.Count, progress);
        var pending = new List<FeatureItem>();
        var skipped = 0;
        var completed = true;
        // Codec calls of one size each: the items grouped by their training size, in chunks.
        foreach (var chunk in todo.GroupBy(x => x.Size).SelectMany(group => group.Chunk(EncodeBatch)))
        {
            if (cancellation.IsCancellationRequested)
            {
                completed = false;
                break;
            }
            var samples = new List<DatasetSample>();
            var loaded = new List<int>();
            try
            {
                foreach (var (index, size) in chunk)
                {
                    try
                    {
                        samples.Add(data.Load(index, size.Height, size.Width, fit));
                        loaded.Add(index);
                    }
                    catch (InvalidDataException e)
                    {
                        skipped++;
                        logger.LogWarning("skipped {Key} (stage {Stage}): {Reason}", data.Item(index).Key, stage.Stage.Name, e.Message);
                    }
                }
                pending.AddRange(Encode(codec, runtime, samples, data, loaded));
                counter.Encoded(samples.Count);
            }
            finally
            {
                foreach (var sample in samples) sample.Dispose();
            }
            if (pending.Count >= ShardItems) counter.Write(pending);
        }
        counter.Write(pending);
        return (counter.Result(spec.CountCurrent(folder, data), skipped), completed);
    }

    // The posteriors of decoded samples (data set indices in the same order) as cache entries: mean and log-variance
    // [C, h, w] on the CPU in the posterior's own dtype, so a cached sample is drawn in the dtype an uncached one is.
    private static IEnumerable<FeatureItem> Encode(ILatentCodec codec, IRuntimeContext runtime, List<DatasetSample> samples, IDataset data, List<int> indices)
    {
        if (samples.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var posterior = codec.Encode(stack(samples.Select(s => s.Image).ToArray()).to(runtime.DType, runtime.Device));
        var items = new List<FeatureItem>(samples.Count);
        for (var j = 0; j < samples.Count; j++)
        {
            var (height, width) = ((int)samples[j].Image.shape[1], (int)samples[j].Image.shape[2]);
            var tensors = new Dictionary<string, Tensor>
            {
                [FeatureCache.MeanTensor] = posterior.Mean[j].to(CPU).clone().DetachFromDisposeScope(),
                [FeatureCache.LogVarianceTensor] = posterior.LogVariance[j].to(CPU).clone().DetachFromDisposeScope(),
            };
            var key = samples[j].Item.Key;
            items.Add(new FeatureItem(key, LatentFeatureSpec.Stamp(data, indices[j], height, width), key, tensors));
        }
        return items;
    }

    private (ExtractedFeatures, bool Completed) Text(StagePlan stage, TextFeatureSpec spec, ITextEncoder encoder, bool force, Action<string> progress,
        CancellationToken cancellation)
    {
        var data = stage.Dataset;
        using var folder = FeatureFolder.OpenForWriting(spec.Folder, spec.Identity, force);
        var keysByCaption = Enumerable.Range(0, data.Count).Select(data.Item)
            .Where(i => !TextFeatureSpec.IsCurrent(folder, i))
            .GroupBy(TextFeatureSpec.Stamp, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Key).ToList(), StringComparer.Ordinal);
        var counter = new Counter(FeatureCache.TextKind, stage, folder, data.Count, keysByCaption.Values.Sum(k => k.Count), progress);
        var pending = new List<FeatureItem>();
        var completed = true;
        // Items whose caption the folder already stores refer to those tensors; the rest are encoded in the same chunks as
        // CaptionEmbeddings' in-memory fill, so cached and freshly encoded values are identical.
        foreach (var (caption, keys) in keysByCaption.Where(c => folder.HasTensors(TextFeatureSpec.TensorKey(c.Key))))
            foreach (var key in keys) Add(new FeatureItem(key, caption, TextFeatureSpec.TensorKey(caption), null));
        foreach (var chunk in CaptionEmbeddings.DistinctCaptions(data).Chunk(CaptionEmbeddings.FillBatch))
        {
            if (!chunk.Any(c => keysByCaption.ContainsKey(c) && !folder.HasTensors(TextFeatureSpec.TensorKey(c)))) continue;
            if (cancellation.IsCancellationRequested)
            {
                completed = false;
                break;
            }
            using var scope = NewDisposeScope();
            var (tokens, mask) = CaptionEmbeddings.Encode(encoder, chunk);
            for (var j = 0; j < chunk.Length; j++)
            {
                if (!keysByCaption.TryGetValue(chunk[j], out var keys) || folder.HasTensors(TextFeatureSpec.TensorKey(chunk[j]))) continue;
                var tensorKey = TextFeatureSpec.TensorKey(chunk[j]);
                // One copy per distinct caption: the first item stores it, the others refer to it.
                Add(new FeatureItem(keys[0], chunk[j], tensorKey, new Dictionary<string, Tensor>
                {
                    [FeatureCache.TokensTensor] = tokens[j].to(CPU).clone().DetachFromDisposeScope(),
                    [FeatureCache.MaskTensor] = mask[j].to(CPU).clone().DetachFromDisposeScope(),
                }));
                foreach (var key in keys.Skip(1)) Add(new FeatureItem(key, chunk[j], tensorKey, null));
            }
        }
        counter.Write(pending);
        return (counter.Result(TextFeatureSpec.CountCurrent(folder, data), 0), completed);

        void Add(FeatureItem item)
        {
            pending.Add(item);
            counter.Encoded(1);
            if (pending.Count >= ShardItems) counter.Write(pending);
        }
    }

    // Writes pending entries as shards and reports progress (items, rate) for one folder: after each shard, and every
    // ProgressSeconds while encoding.
    private sealed class Counter(string kind, StagePlan stage, FeatureFolder folder, int items, int todo, Action<string> progress)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _encoded;
        private int _written;
        private double _reported;

        public void Encoded(int count)
        {
            _encoded += count;
            if (_clock.Elapsed.TotalSeconds - _reported >= ProgressSeconds) Report();
        }

        public void Write(List<FeatureItem> pending)
        {
            if (pending.Count == 0) return;
            try
            {
                folder.Append(pending);
                _written += pending.Count;
            }
            finally
            {
                foreach (var tensor in pending.Where(p => p.Tensors is not null).SelectMany(p => p.Tensors!.Values)) tensor.Dispose();
                pending.Clear();
            }
            Report();
        }

        public ExtractedFeatures Result(int current, int skipped) => new(kind, stage.Stage.Name, folder.Path, items, _written, current, skipped);

        private void Report()
        {
            _reported = _clock.Elapsed.TotalSeconds;
            var rate = _encoded / Math.Max(_reported, 1e-9);
            progress(string.Create(CultureInfo.InvariantCulture, $"{kind} (stage {stage.Stage.Name}): {_encoded}/{todo} items encoded, {_written} written, {rate:F1} items/s"));
        }
    }
}
