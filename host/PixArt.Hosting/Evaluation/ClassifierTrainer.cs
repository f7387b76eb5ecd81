using System.Diagnostics;
using System.Globalization;
using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Weights;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// <c>pixart eval train-classifier</c>: decodes the training and held-out splits at the classifier's input size, trains
/// the classifier (<see cref="ClassifierTraining"/>), scores it on both splits, and stores it with the data set
/// (<see cref="ClassifierStore"/>) with the fingerprint of the index it was trained on. Nothing is written until
/// everything succeeded; a cancellation writes nothing.
/// </summary>
public static class ClassifierTrainer
{
    /// <summary>
    /// Trains and stores the classifier of <paramref name="data"/> into <c>DATA/classifier/</c>; every line of progress goes
    /// to <paramref name="log"/>. Returns the manifest written. Throws <see cref="ArgumentException"/> for invalid settings,
    /// <see cref="InvalidDataException"/> when a split has an image without class or nothing decodable, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static ClassifierManifest TrainAndSave(EvalData data, ClassifierTrainingSettings settings, IRuntimeContext runtime, IWeightStore store,
        Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fingerprint = DatasetFingerprint.Of(data.Folder);
        var size = settings.InputSize;
        var progress = new Progress(log);
        using var train = LabelledImages.Load(data.Train, size, $"{data.TrainSplitName} split", progress, cancellationToken);
        using var heldOut = LabelledImages.Load(data.HeldOut, size, $"{data.HeldOutSplitName} split", progress, cancellationToken);
        foreach (var problem in train.Skipped.Concat(heldOut.Skipped)) log($"skipped {problem}");
        log($"training on {train.Count} images of {data.ClassNames.Count} classes ({runtime.Device}): {settings.Steps} steps of {settings.BatchSize}, seed {settings.Seed}");

        var (classifier, finalLoss) = ClassifierTraining.Train(train, data.ClassNames.Count, settings, runtime.Device, p => log(string.Format(CultureInfo.InvariantCulture,
            "step {0}/{1}  loss {2:F4}  batch accuracy {3:P1}  lr {4:G3}  {5:F0} images/s", p.Step, p.Steps, p.Loss, p.Accuracy, p.LearningRate, p.ImagesPerSecond)), cancellationToken);
        using (classifier)
        {
            var trainAccuracy = Score(classifier, train, cancellationToken);
            var heldOutAccuracy = Score(classifier, heldOut, cancellationToken);
            var chance = TopKAccuracy.Chance(data.ClassNames.Count);
            log(string.Format(CultureInfo.InvariantCulture, "train images: top-1 {0:P1}, top-5 {1:P1}; held-out images ({2}): top-1 {3:P1}, top-5 {4:P1} (chance {5:P1} / {6:P1})",
                trainAccuracy.Top1, trainAccuracy.Top5, heldOut.Count, heldOutAccuracy.Top1, heldOutAccuracy.Top5, chance.Top1, chance.Top5));
            cancellationToken.ThrowIfCancellationRequested();
            var manifest = new ClassifierManifest
            {
                InputSize = size,
                Width = settings.Width,
                FeatureWidth = classifier.Shape.FeatureWidth,
                Classes = data.ClassNames.ToList(),
                Data = new ClassifierData(fingerprint, data.TrainSplitName, data.HeldOutSplitName, train.Count, heldOut.Count),
                Training = settings,
                TrainingSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
                FinalLoss = finalLoss,
                TrainAccuracy = trainAccuracy,
                HeldOutAccuracy = heldOutAccuracy,
            };
            var folder = ClassifierStore.FolderOf(data.Folder);
            ClassifierStore.Save(folder, classifier, manifest, store);
            log($"saved {folder} ({clock.Elapsed.TotalSeconds:F0} s)");
            return manifest;
        }
    }

    private static TopKAccuracy Score(ImageClassifier classifier, LabelledImages images, CancellationToken cancellationToken)
    {
        using var readout = ClassifierReadout.Of(classifier, images.Images, cancellationToken);
        return TopKAccuracy.Of(readout.Logits, images.Labels);
    }

    // Loading progress as plain lines (this runs on the caller's thread: no synchronisation context is involved).
    private sealed class Progress(Action<string> log) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => log($"{value.Stage} {value.Step}/{value.Total}");
    }
}
