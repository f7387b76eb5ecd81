using Microsoft.Extensions.DependencyInjection;
using PixArt.Hosting.Evaluation;
using PixArt.Hosting.Weights;
using static TorchSharp.torch;

namespace PixArt.Evaluation.Tests;

/// <summary>The classifier on the real fixture: it learns, it stores and loads, it refuses what it cannot read.</summary>
public sealed class ClassifierTests
{
    // Small enough for seconds on a contended CPU; the fixture has 24 training images of 5 classes.
    private static readonly ClassifierTrainingSettings Small = new() { Steps = 200, BatchSize = 16, Width = 8, LearningRate = 3e-3 };

    [Fact]
    public void LearnsTheTrainingImagesWellAboveChance()
    {
        var (train, heldOut, classes) = EmojiMini.Images();
        using (train)
        using (heldOut)
        {
            var lines = new List<ClassifierTrainingProgress>();
            var (classifier, finalLoss) = ClassifierTraining.Train(train, classes.Count, Small, CPU, lines.Add);
            using (classifier)
            {
                using var readout = ClassifierReadout.Of(classifier, train.Images);
                var accuracy = TopKAccuracy.Of(readout.Logits, train.Labels);
                // Chance is 1/5; an untrained network sits near it and near loss ln 5 = 1.61.
                Assert.True(accuracy.Top1 >= 0.75, $"train top-1 {accuracy.Top1:P0} after {Small.Steps} steps (loss {finalLoss:F3})");
                Assert.True(finalLoss < 1.0, $"final loss {finalLoss:F3}");
                Assert.Equal([50, 100, 150, 200], lines.Select(l => l.Step));
                Assert.True(lines[^1].Loss < lines[0].Loss, string.Join(", ", lines.Select(l => l.Loss.ToString("F3"))));
            }
        }
    }

    [Fact]
    public void ACancelledTrainingWritesNothing()
    {
        var data = EmojiMini.Copy();
        using var host = EmojiMini.Host(data);
        using var splits = EvalData.Open(host.Services);
        using var cancelled = new CancellationTokenSource();
        var lines = new List<string>();
        // Cancelled once training has started: the step loop stops, nothing reaches the data set folder.
        Assert.ThrowsAny<OperationCanceledException>(() => ClassifierTrainer.TrainAndSave(splits, Small,
            host.Services.GetRequiredService<PixArt.Abstractions.Runtime.IRuntimeContext>(), new WeightStore(),
            line => { lines.Add(line); if (line.StartsWith("training on", StringComparison.Ordinal)) cancelled.Cancel(); }, cancelled.Token));
        Assert.Contains(lines, l => l.StartsWith("training on 24 images of 5 classes", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("step ", StringComparison.Ordinal));
        Assert.Equal(["emoji-mini"], Directory.GetFileSystemEntries(Path.GetDirectoryName(data)!).Select(Path.GetFileName));
        Assert.False(Directory.Exists(ClassifierStore.FolderOf(data)));
    }

    [Fact]
    public void SavesAndLoadsTheSameNetwork()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-classifier-{Guid.NewGuid():N}", ClassifierStore.FolderName);
        var shape = new ClassifierShape(32, 8, 5);
        using var classifier = ImageClassifier.Create(shape, seed: 4);
        var manifest = Manifest(shape);
        var store = new WeightStore();
        ClassifierStore.Save(folder, classifier, manifest, store);
        Assert.Equal([ClassifierStore.ManifestFile, ClassifierStore.WeightsFile], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal([folder], Directory.GetDirectories(Path.GetDirectoryName(folder)!));

        var (loaded, read) = ClassifierStore.Load(folder, store, CPU);
        using (loaded)
        {
            Assert.Equal(manifest.Classes, read.Classes);
            Assert.Equal(manifest.Data, read.Data);
            Assert.Equal(manifest.Training, read.Training);
            Assert.Equal(manifest.HeldOutAccuracy, read.HeldOutAccuracy);
            using var images = rand([3, 3, 32, 32], generator: new Generator(9)).mul(2).sub(1);
            using var expected = classifier.forward(images);
            using var actual = loaded.forward(images);
            Assert.True(actual.allclose(expected, 0, 0), "the loaded classifier computes other logits");
            Assert.DoesNotContain(loaded.parameters(), p => p.requires_grad);
        }

        // Saving again replaces the folder as a whole.
        using var other = ImageClassifier.Create(shape, seed: 5);
        ClassifierStore.Save(folder, other, manifest with { FinalLoss = 0.5 }, store);
        Assert.Equal(0.5, ClassifierStore.ReadManifest(folder).FinalLoss);
        Assert.Single(Directory.GetDirectories(Path.GetDirectoryName(folder)!));
    }

    [Fact]
    public void ReadingRefusesForeignOrBrokenManifests()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-classifier-{Guid.NewGuid():N}");
        Assert.Throws<FileNotFoundException>(() => ClassifierStore.ReadManifest(folder));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ClassifierStore.ManifestFile);
        File.WriteAllText(path, "{ not json");
        Assert.Contains("not a classifier manifest", Assert.Throws<InvalidDataException>(() => ClassifierStore.ReadManifest(folder)).Message);
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(Manifest(new ClassifierShape(64, 8, 5)) with { Version = 7 }, ClassifierManifest.Json));
        Assert.Contains("version 7", Assert.Throws<InvalidDataException>(() => ClassifierStore.ReadManifest(folder)).Message);
    }

    [Fact]
    public void WeightsOfAnotherShapeAreRefusedWithTheirKeys()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pixart-classifier-{Guid.NewGuid():N}");
        using var classifier = ImageClassifier.Create(new ClassifierShape(64, 8, 5));
        var store = new WeightStore();
        ClassifierStore.Save(folder, classifier, Manifest(new ClassifierShape(64, 8, 5)), store);
        File.WriteAllText(Path.Combine(folder, ClassifierStore.ManifestFile),
            System.Text.Json.JsonSerializer.Serialize(Manifest(new ClassifierShape(64, 16, 5)), ClassifierManifest.Json));
        var error = Assert.Throws<PixArt.Abstractions.Weights.WeightFormatException>(() => ClassifierStore.Load(folder, store, CPU));
        Assert.Contains("conv1.weight [8, 8, 3, 3] -> conv1.weight [16, 16, 3, 3]", error.Message);
    }

    [Fact]
    public void TheSeedDecidesTheInitialWeights()
    {
        var shape = new ClassifierShape(64, 8, 5);
        using var a = ImageClassifier.Create(shape, seed: 1);
        using var b = ImageClassifier.Create(shape, seed: 1);
        using var c = ImageClassifier.Create(shape, seed: 2);
        var (pa, pb, pc) = (a.state_dict(), b.state_dict(), c.state_dict());
        Assert.All(pa.Keys, k => Assert.True(pa[k].allclose(pb[k], 0, 0), k));
        Assert.False(pa["stem.weight"].allclose(pc["stem.weight"], 0, 0));
        Assert.True(pa["norm1.weight"].eq(1).all().item<bool>() && pa["norm1.bias"].eq(0).all().item<bool>());
        // Conv weights are uniform in ±1/√fan_in (fan_in of the stem: 3 × 3 × 3).
        Assert.InRange(pa["stem.weight"].abs().max().item<float>(), 0.05, 1 / Math.Sqrt(27));
    }

    [Fact]
    public void ShapesAreCheckedOnTheWayIn()
    {
        using var classifier = ImageClassifier.Create(new ClassifierShape(64, 8, 5));
        using var wrong = zeros(2, 3, 32, 32);
        Assert.Contains("[B, 3, 64, 64]", Assert.Throws<ArgumentException>(() => classifier.Features(wrong)).Message);
        using var features = classifier.Features(zeros(2, 3, 64, 64));
        Assert.Equal([2L, 32], features.shape);
        Assert.Throws<ArgumentException>(() => ImageClassifier.Create(new ClassifierShape(64, 12, 5)));
        Assert.Throws<ArgumentException>(() => ImageClassifier.Create(new ClassifierShape(60, 8, 5)));
    }

    [Fact]
    public void GeneratedPixelsAreBroughtToTheClassifiersInput()
    {
        // Generation returns [0, 1]; the data set (and the classifier) use [−1, 1]. 16 px → 64 px, and a 24×16 crop to 16×16.
        using var grey = full(new long[] { 2, 3, 16, 16 }, 0.75f);
        using var input = ClassifierInput.FromPixels(grey, 64);
        Assert.Equal([2L, 3, 64, 64], input.shape);
        Assert.True(input.allclose(full(new long[] { 2, 3, 64, 64 }, 0.5f), atol: 1e-6));
        using var tall = cat([zeros(1, 3, 4, 16), ones(1, 3, 16, 16), zeros(1, 3, 4, 16)], 2);
        using var cropped = ClassifierInput.FromPixels(tall, 16);
        Assert.True(cropped.eq(1).all().item<bool>(), "the centre square is kept");
    }

    private static ClassifierManifest Manifest(ClassifierShape shape) => new()
    {
        InputSize = shape.InputSize,
        Width = shape.Width,
        FeatureWidth = shape.FeatureWidth,
        Classes = Enumerable.Range(0, shape.Classes).Select(i => $"class-{i}").ToList(),
        Data = new ClassifierData("abc123", "train", "eval", 24, 12),
        Training = new ClassifierTrainingSettings { Steps = 7, Seed = 3 },
        TrainingSeconds = 1.5,
        FinalLoss = 0.25,
        TrainAccuracy = new TopKAccuracy(1, 1, 24),
        HeldOutAccuracy = new TopKAccuracy(0.5, 0.75, 12),
    };
}
