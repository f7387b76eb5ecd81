using Microsoft.Extensions.Logging;
using PixArt.Abstractions.Codecs;
using PixArt.Abstractions.Data;
using PixArt.Hosting.Training.Features;
using static TorchSharp.torch;

namespace PixArt.Hosting.Training;

/// <summary>
/// The diffusion latents <c>x0</c> of a stage's batches (reference 7.6): each item's codec posterior, read from the
/// feature cache when <c>pixart extract</c> wrote it for this stage's codec, dtype, data set and size and the item is
/// unchanged since, otherwise decoded from its image and encoded by the frozen codec; then sampled (<c>mean + std·ε</c>,
/// ε from the stage's generator, so a cached latent is re-sampled every time, as the official loader does) and scaled.
/// With the cache or without, the draws are the same; the values are identical for the identity codec and equal up to
/// the codec's batch-size rounding for a VAE. An item that cannot be decoded is skipped with one warning and counted.
/// </summary>
public sealed class BatchLatents : IDisposable
{
    private readonly TrainingRun _run;
    private readonly StagePlan _plan;
    private readonly HashSet<string> _skipped;
    private readonly FeatureFolder? _cache;

    /// <summary>Opens stage <paramref name="plan"/>'s latent cache when there is one; <paramref name="skipped"/> collects (and excludes) undecodable items.</summary>
    public BatchLatents(TrainingRun run, StagePlan plan, HashSet<string> skipped)
    {
        _run = run;
        _plan = plan;
        _skipped = skipped;
        var spec = run.Features.Latents(plan, run.Codec.DownsampleFactor * plan.Model.PatchSize);
        _cache = FeatureCache.OpenForTraining(spec.Folder, spec.Identity, run.Logger, plan.Stage.Name);
        if (_cache is null) return;
        var current = spec.CountCurrent(_cache, plan.Dataset);
        run.Logger.LogInformation("stage {Stage}: latents of {Current} of {Count} items from the feature cache {Folder}{Stale}", plan.Stage.Name,
            current, plan.Dataset.Count, spec.Folder, current < plan.Dataset.Count ? " (the others are encoded as they come; pixart extract adds them)" : "");
    }

    /// <summary>Reads or decodes the items of <paramref name="batch"/> (skipping undecodable ones); the caller disposes the result.</summary>
    public LoadedBatch Load(BatchPlan batch)
    {
        var fit = _plan.Options.MultiScale ? ImageFit.CoverAndCenterCrop : ImageFit.ShortSideAndCenterCrop;
        var loaded = new LoadedBatch();
        foreach (var index in batch.Items)
        {
            var item = _plan.Dataset.Item(index);
            if (_skipped.Contains(item.Key)) continue;
            if (Cached(index, (batch.Height, batch.Width)))
            {
                loaded.Add(item, _cache!.Read(item.Key, FeatureCache.MeanTensor), _cache.Read(item.Key, FeatureCache.LogVarianceTensor));
                continue;
            }
            try
            {
                loaded.Add(_plan.Dataset.Load(index, batch.Height, batch.Width, fit));
            }
            catch (InvalidDataException e)
            {
                _skipped.Add(item.Key);
                _run.Logger.LogWarning("skipped {Key} (stage {Stage}): {Reason}", item.Key, _plan.Stage.Name, e.Message);
            }
        }
        return loaded;
    }

    /// <summary>
    /// <c>x0 = ScalingFactor · (mean + std·ε)</c> <c>[B, C, h, w]</c> float32 of <paramref name="batch"/> (in the caller's
    /// dispose scope), ε drawn from <paramref name="noise"/>.
    /// </summary>
    public Tensor Sample(LoadedBatch batch, TrainingRandom noise)
    {
        using var noGrad = no_grad();
        var dtype = _run.Runtime.DType;
        var device = _run.Runtime.Device;
        using var encoded = batch.Images.Count > 0 ? _run.Codec.Encode(stack(batch.Images.Select(s => s.Image).ToArray()).to(dtype, device)) : null;
        LatentDistribution posterior;
        if (batch.Images.Count == batch.Count) posterior = encoded!;
        else
        {
            var means = new Tensor[batch.Count];
            var logVariances = new Tensor[batch.Count];
            for (var i = 0; i < batch.Count; i++)
                (means[i], logVariances[i]) = batch.Cached(i) is { } cached
                    ? (cached.Mean.to(device), cached.LogVariance.to(device)) // stored in the codec posterior's dtype
                    : (encoded!.Mean[batch.ImageIndex(i)], encoded.LogVariance[batch.ImageIndex(i)]);
            posterior = new LatentDistribution(stack(means), stack(logVariances));
        }
        using var drawn = posterior.Sample(noise);
        if (!ReferenceEquals(posterior, encoded)) posterior.Dispose();
        return (drawn * _run.Codec.ScalingFactor).to(ScalarType.Float32);
    }

    /// <inheritdoc />
    public void Dispose() => _cache?.Dispose();

    private bool Cached(int index, (int Height, int Width) size) =>
        _cache is not null && LatentFeatureSpec.IsCurrent(_cache, _plan.Dataset, index, size.Height, size.Width);
}

/// <summary>The items of one batch in order, each with its cached posterior or its decoded image; owns their tensors.</summary>
public sealed class LoadedBatch : IDisposable
{
    private readonly List<(DatasetItem Item, (Tensor Mean, Tensor LogVariance)? Cached, int Image)> _slots = [];
    private readonly List<DatasetSample> _images = [];

    /// <summary>Items in the batch.</summary>
    public int Count => _slots.Count;

    /// <summary>The items, in batch order.</summary>
    public IReadOnlyList<DatasetItem> Items => _slots.Select(s => s.Item).ToList();

    /// <summary>The decoded images, in batch order (items without a cached posterior).</summary>
    public IReadOnlyList<DatasetSample> Images => _images;

    /// <summary>Adds an item read from the feature cache (<c>[C, h, w]</c> float32 each).</summary>
    public void Add(DatasetItem item, Tensor mean, Tensor logVariance) => _slots.Add((item, (mean, logVariance), -1));

    /// <summary>Adds a decoded item.</summary>
    public void Add(DatasetSample sample)
    {
        _slots.Add((sample.Item, null, _images.Count));
        _images.Add(sample);
    }

    /// <summary>The cached posterior of slot <paramref name="slot"/>, or null when it was decoded.</summary>
    public (Tensor Mean, Tensor LogVariance)? Cached(int slot) => _slots[slot].Cached;

    /// <summary>Which of <see cref="Images"/> slot <paramref name="slot"/> is.</summary>
    public int ImageIndex(int slot) => _slots[slot].Image;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, cached, _) in _slots)
        {
            cached?.Mean.Dispose();
            cached?.LogVariance.Dispose();
        }
        foreach (var image in _images) image.Dispose();
    }
}
