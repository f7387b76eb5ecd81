using TorchSharp;
using static TorchSharp.torch;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// The optimisation loop of the evaluation classifier: AdamW on the cross-entropy of augmented batches (random shift with
/// white fill, random mirror), a linear warm-up then a cosine decay to 0. Everything random is seeded: the initial weights
/// (<see cref="ImageClassifier.Create"/>), the data order (a permutation per epoch from <see cref="System.Random"/>, the
/// same on every platform) and the augmentation (a CPU generator), so a seed gives the same classifier on the CPU.
/// </summary>
public static class ClassifierTraining
{
    /// <summary>Steps the reported loss is averaged over (and the final loss).</summary>
    public const int ReportEvery = 50;

    /// <summary>
    /// Trains a classifier of <paramref name="classes"/> classes on <paramref name="images"/> (every image once per epoch)
    /// on <paramref name="device"/>; <paramref name="report"/> receives the averages every <see cref="ReportEvery"/> steps
    /// and at the end. Returns the classifier (inference mode, owned by the caller) and the mean loss of the last
    /// <see cref="ReportEvery"/> steps. Throws <see cref="ArgumentException"/> for invalid settings or images of another
    /// size than <see cref="ClassifierTrainingSettings.InputSize"/>, <see cref="OperationCanceledException"/> between steps.
    /// </summary>
    public static (ImageClassifier Classifier, double FinalLoss) Train(LabelledImages images, int classes, ClassifierTrainingSettings settings,
        Device device, Action<ClassifierTrainingProgress>? report = null, CancellationToken cancellationToken = default)
    {
        var problems = settings.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Name} {p.Value}: {p.Allowed}")));
        if (images.Images.shape[2] != settings.InputSize || images.Images.shape[3] != settings.InputSize)
            throw new ArgumentException($"images are {images.Images.shape[2]}x{images.Images.shape[3]}; the classifier reads {settings.InputSize}x{settings.InputSize}");
        var classifier = ImageClassifier.Create(new ClassifierShape(settings.InputSize, settings.Width, classes), settings.Seed);
        try
        {
            classifier.to(device);
            classifier.train();
            var losses = Loop(classifier, images, settings, device, report, cancellationToken);
            classifier.eval();
            return (classifier, losses);
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>The learning-rate factor at <paramref name="step"/> (0-based): linear warm-up, then cosine to 0.</summary>
    public static double LearningRateFactor(ClassifierTrainingSettings settings, int step)
    {
        if (step < settings.WarmupSteps) return (step + 1.0) / settings.WarmupSteps;
        var span = Math.Max(1, settings.Steps - settings.WarmupSteps);
        return 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, (double)(step - settings.WarmupSteps) / span)));
    }

    private static double Loop(ImageClassifier classifier, LabelledImages images, ClassifierTrainingSettings settings, Device device,
        Action<ClassifierTrainingProgress>? report, CancellationToken cancellationToken)
    {
        using var optimizer = torch.optim.AdamW(classifier.parameters(), settings.LearningRate, 0.9, 0.999, 1e-8, settings.WeightDecay);
        var schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, step => LearningRateFactor(settings, step));
        using var augmentation = new Generator((ulong)settings.Seed + 1, CPU);
        var order = new DataOrder(images.Count, settings.Seed);
        var window = new List<(double Loss, double Correct)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        for (var step = 0; step < settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var indices = tensor(order.Next(settings.BatchSize), ScalarType.Int64);
            var batch = Augment(images.Images.index_select(0, indices), settings, augmentation).to(device);
            var labels = images.Labels.index_select(0, indices).to(device);
            optimizer.zero_grad();
            var logits = classifier.forward(batch);
            var loss = nn.functional.cross_entropy(logits, labels);
            loss.backward();
            optimizer.step();
            schedule.step();
            using (no_grad()) window.Add((loss.item<float>(), logits.argmax(1).eq(labels).to(ScalarType.Float32).mean().item<float>()));
            if (window.Count == ReportEvery || step + 1 == settings.Steps)
            {
                var elapsed = clock.Elapsed;
                report?.Invoke(new ClassifierTrainingProgress(step + 1, settings.Steps, window.Average(w => w.Loss), window.Average(w => w.Correct),
                    settings.LearningRate * LearningRateFactor(settings, step), window.Count * settings.BatchSize / Math.Max(1e-9, (elapsed - lastReport).TotalSeconds)));
                lastReport = elapsed;
                if (step + 1 < settings.Steps) window.Clear();
            }
        }
        return window.Average(w => w.Loss);
    }

    // Shifts each image by up to Shift pixels (filling with white, 1 in [−1, 1]) and mirrors half of them: [B, 3, S, S].
    private static Tensor Augment(Tensor batch, ClassifierTrainingSettings settings, Generator generator)
    {
        var count = batch.shape[0];
        var size = batch.shape[2];
        var shift = settings.Shift;
        if (shift > 0)
        {
            using var offsets = randint(0, 2 * shift + 1, [count, 2], ScalarType.Int64, CPU, generator: generator);
            var padded = nn.functional.pad(batch, [shift, shift, shift, shift], value: 1.0);
            var o = offsets.data<long>().ToArray();
            batch = stack(Enumerable.Range(0, (int)count).Select(i => padded[i].narrow(1, o[2 * i], size).narrow(2, o[2 * i + 1], size)).ToList());
        }
        if (settings.Flip)
        {
            using var mirror = rand([count], ScalarType.Float32, CPU, generator: generator).lt(0.5).view(count, 1, 1, 1);
            batch = where(mirror, batch.flip(3), batch);
        }
        return batch;
    }

    /// <summary>An endless stream of item indices: epoch after epoch, each a permutation drawn from the seed and the epoch.</summary>
    private sealed class DataOrder(int count, long seed)
    {
        private int[] _permutation = [];
        private int _position;
        private int _epoch = -1;

        public long[] Next(int batchSize)
        {
            var batch = new long[batchSize];
            for (var i = 0; i < batchSize; i++)
            {
                if (_position >= _permutation.Length) NewEpoch();
                batch[i] = _permutation[_position++];
            }
            return batch;
        }

        private void NewEpoch()
        {
            _epoch++;
            _position = 0;
            var random = new Random(unchecked((int)(seed * 1_000_003 + _epoch)));
            _permutation = Enumerable.Range(0, count).ToArray();
            for (var i = _permutation.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
            }
        }
    }
}

/// <summary>One progress line of classifier training: averages since the previous line.</summary>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps in all.</param>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Mean top-1 accuracy on the (augmented) training batches.</param>
/// <param name="LearningRate">Learning rate of the last step.</param>
/// <param name="ImagesPerSecond">Training throughput.</param>
public readonly record struct ClassifierTrainingProgress(int Step, int Steps, double Loss, double Accuracy, double LearningRate, double ImagesPerSecond);
