using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// <c>classifier.json</c>: what the stored evaluation classifier is (its shape and class names), what it was trained on
/// (the SHA-256 of the data set's <c>captions.jsonl</c>, so an evaluation against another data set is refused), how it
/// was trained, and how well it does on the held-out split (the ceiling that generated images are compared with).
/// </summary>
public sealed record ClassifierManifest
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "pixart-eval-classifier";

    /// <summary>The version this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Layout version of this file and the weights.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Input side in pixels (images are <c>[3, InputSize, InputSize]</c> in [−1, 1]).</summary>
    public required int InputSize { get; init; }

    /// <summary>Channels of the first convolution.</summary>
    public required int Width { get; init; }

    /// <summary>Width of the penultimate features the Fréchet distance is computed in.</summary>
    public required int FeatureWidth { get; init; }

    /// <summary>Class names by index (the data set's <c>classes.json</c>).</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>The data set it was trained on.</summary>
    public required ClassifierData Data { get; init; }

    /// <summary>The training settings.</summary>
    public required ClassifierTrainingSettings Training { get; init; }

    /// <summary>Wall-clock seconds the training took.</summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>Mean cross-entropy of the last 50 training steps (augmented batches).</summary>
    public required double FinalLoss { get; init; }

    /// <summary>Accuracy on the training images as they are (no augmentation).</summary>
    public required TopKAccuracy TrainAccuracy { get; init; }

    /// <summary>Accuracy on the held-out images.</summary>
    public required TopKAccuracy HeldOutAccuracy { get; init; }

    /// <summary>The network's shape.</summary>
    [JsonIgnore]
    public ClassifierShape Shape => new(InputSize, Width, Classes.Count);

    /// <summary>How the file is written: snake_case names, indented.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>The data set a classifier was trained on.</summary>
/// <param name="CaptionsSha256">SHA-256 (hex) of <c>captions.jsonl</c> (<see cref="DatasetFingerprint"/>).</param>
/// <param name="TrainSplit">The split trained on.</param>
/// <param name="HeldOutSplit">The split evaluated on.</param>
/// <param name="TrainImages">Images trained on.</param>
/// <param name="HeldOutImages">Held-out images evaluated.</param>
public sealed record ClassifierData(string CaptionsSha256, string TrainSplit, string HeldOutSplit, int TrainImages, int HeldOutImages);
