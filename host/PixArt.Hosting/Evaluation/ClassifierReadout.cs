using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// What the classifier says about a set of images: the penultimate <see cref="Features"/> <c>[N, F]</c> and the class
/// <see cref="Logits"/> <c>[N, K]</c>, float32 on the CPU, computed in batches without gradients. Owns both tensors.
/// </summary>
public sealed class ClassifierReadout : IDisposable
{
    /// <summary>Images per forward pass.</summary>
    public const int BatchSize = 256;

    private ClassifierReadout(Tensor features, Tensor logits)
    {
        Features = features;
        Logits = logits;
    }

    /// <summary>Penultimate features <c>[N, F]</c> float32.</summary>
    public Tensor Features { get; }

    /// <summary>Class logits <c>[N, K]</c> float32.</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// Runs <paramref name="classifier"/> (on its device) over <paramref name="images"/> <c>[N, 3, S, S]</c> float32 in
    /// [−1, 1] on any device. Throws <see cref="ArgumentException"/> when the images do not have the classifier's input
    /// size, <see cref="OperationCanceledException"/> when cancelled between batches.
    /// </summary>
    public static ClassifierReadout Of(ImageClassifier classifier, Tensor images, CancellationToken cancellationToken = default)
    {
        var device = classifier.parameters().First().device;
        var features = new List<Tensor>();
        var logits = new List<Tensor>();
        try
        {
            using var inference = torch.inference_mode();
            for (long start = 0; start < images.shape[0]; start += BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var batch = images.narrow(0, start, Math.Min(BatchSize, images.shape[0] - start)).to(ScalarType.Float32, device);
                var f = classifier.Features(batch);
                features.Add(f.cpu().DetachFromDisposeScope());
                logits.Add(classifier.Logits(f).cpu().DetachFromDisposeScope());
            }
            if (features.Count == 0) throw new ArgumentException("no images to classify", nameof(images));
            return new ClassifierReadout(cat(features, 0).DetachFromDisposeScope(), cat(logits, 0).DetachFromDisposeScope());
        }
        finally
        {
            foreach (var t in features.Concat(logits)) t.Dispose();
        }
    }

    /// <summary>Joins readouts (in order) into one; the parts stay owned by the caller.</summary>
    public static ClassifierReadout Concat(IReadOnlyList<ClassifierReadout> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to join", nameof(parts));
        return new ClassifierReadout(cat(parts.Select(p => p.Features).ToList(), 0).DetachFromDisposeScope(),
            cat(parts.Select(p => p.Logits).ToList(), 0).DetachFromDisposeScope());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Features.Dispose();
        Logits.Dispose();
    }
}
