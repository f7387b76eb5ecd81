using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PixArt.Hosting.Evaluation;

/// <summary>
/// <c>eval.json</c>: every number of one evaluation with what produced it. Text-image alignment is the classifier's
/// top-1/top-5 accuracy on generated images against their prompt's class (chance: 1/K and 5/K); quality is the Fréchet
/// distance between the classifier's penultimate features of real training images and of generated images (lower is
/// closer); the ceiling is the same two numbers for real held-out images.
/// </summary>
public sealed record EvalReport
{
    /// <summary>The value of <see cref="Format"/>.</summary>
    public const string FormatName = "pixart-eval";

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>Layout version of this file.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The model folder evaluated (absolute).</summary>
    public required string Model { get; init; }

    /// <summary>The model's name (its folder's, or the one its index records).</summary>
    public required string ModelName { get; init; }

    /// <summary>The data set folder (absolute).</summary>
    public required string Data { get; init; }

    /// <summary>The classifier used.</summary>
    public required EvalClassifier Classifier { get; init; }

    /// <summary>How the images were generated.</summary>
    public required EvalGeneration Generation { get; init; }

    /// <summary>How many prompts of each kind.</summary>
    public required EvalPromptCounts Prompts { get; init; }

    /// <summary>The accuracy of guessing.</summary>
    public required EvalChance Chance { get; init; }

    /// <summary>The scores of the generated images.</summary>
    public required EvalGeneratedScores Generated { get; init; }

    /// <summary>The ceiling: the scores of real held-out images.</summary>
    public required EvalRealScores RealHeldOut { get; init; }

    /// <summary>Real training images the reference statistics come from.</summary>
    public required int RealTrainImages { get; init; }

    /// <summary>Where the time went.</summary>
    public required EvalTiming Timing { get; init; }

    /// <summary>Each prompt with the classifier's top-1 class per seed.</summary>
    public required IReadOnlyList<EvalPromptResult> PerPrompt { get; init; }

    /// <summary>How the file is written: snake_case names, indented.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as JSON text (ends with a newline).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>The summary table printed on the console.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"{ModelName}: {Prompts.Total} prompts ({Prompts.Train} train, {Prompts.HeldOut} held-out) x {Generation.Seeds.Count} seeds, {Generation.Sampler} {Generation.Steps} steps, guidance {Generation.GuidanceScale}, {Generation.Size}px"));
        text.AppendLine(Invariant($"{"",-28}{"images",8}{"top-1",9}{"top-5",9}{"FD",10}"));
        void Row(string label, TopKAccuracy? accuracy, double? distance, int? images = null)
        {
            if (accuracy is null && distance is null) return;
            var count = images ?? accuracy?.Count;
            text.AppendLine(Invariant($"{label,-28}{(count is null ? "" : count.Value.ToString(CultureInfo.InvariantCulture)),8}{Percent(accuracy?.Top1),9}{Percent(accuracy?.Top5),9}{(distance is null ? "" : distance.Value.ToString("F3", CultureInfo.InvariantCulture)),10}"));
        }
        Row("generated, all prompts", Generated.Alignment, Generated.FrechetDistance);
        Row("  train prompts", Generated.TrainPrompts, null);
        Row("  held-out prompts", Generated.HeldOutPrompts, null);
        Row("real held-out (ceiling)", RealHeldOut.Alignment, RealHeldOut.FrechetDistance);
        text.AppendLine(Invariant($"{$"chance ({Chance.Classes} classes)",-28}{"",8}{Percent(Chance.Top1),9}{Percent(Chance.Top5),9}"));
        text.Append(Invariant($"FD: Frechet distance to {RealTrainImages} real training images in the classifier's {Classifier.FeatureWidth} penultimate features (lower is closer)"));
        return text.ToString();
    }

    private static string Percent(double? value) => value is null ? "" : (100 * value.Value).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The classifier an evaluation used.</summary>
/// <param name="Folder">Its folder.</param>
/// <param name="CaptionsSha256">The fingerprint of the data set it was trained on (equal to this data set's).</param>
/// <param name="Classes">Number of classes.</param>
/// <param name="InputSize">Its input side in pixels.</param>
/// <param name="FeatureWidth">Width of the features the Fréchet distance uses.</param>
/// <param name="HeldOutAccuracy">Its held-out accuracy when it was trained (the ceiling recomputed here should equal it).</param>
public sealed record EvalClassifier(string Folder, string CaptionsSha256, int Classes, int InputSize, int FeatureWidth, TopKAccuracy HeldOutAccuracy);

/// <summary>How the images were generated.</summary>
/// <param name="Seeds">Seeds of each prompt's images.</param>
/// <param name="Steps">Sampler steps.</param>
/// <param name="GuidanceScale">Classifier-free guidance scale.</param>
/// <param name="Size">Image side in pixels.</param>
/// <param name="Sampler">Sampler type id.</param>
/// <param name="HeldOutCap">Most held-out prompts.</param>
/// <param name="DType">The runtime dtype the images were made in (<c>float32</c>, <c>bfloat16</c>, <c>float16</c>).</param>
public sealed record EvalGeneration(IReadOnlyList<long> Seeds, int Steps, double GuidanceScale, int Size, string Sampler, int HeldOutCap,
    [property: System.Text.Json.Serialization.JsonPropertyName("dtype")] string DType);

/// <summary>How many prompts of each kind.</summary>
/// <param name="Total">All prompts.</param>
/// <param name="Train">Prompts of training-split emoji (one per class).</param>
/// <param name="HeldOut">Prompts of held-out emoji.</param>
public sealed record EvalPromptCounts(int Total, int Train, int HeldOut);

/// <summary>The accuracy of guessing uniformly among <paramref name="Classes"/> classes.</summary>
/// <param name="Classes">Number of classes.</param>
/// <param name="Top1">1 / classes.</param>
/// <param name="Top5">min(5, classes) / classes.</param>
public sealed record EvalChance(int Classes, double Top1, double Top5);

/// <summary>Scores of the generated images.</summary>
/// <param name="Images">Images generated.</param>
/// <param name="Alignment">Accuracy against the prompts' classes, all prompts.</param>
/// <param name="TrainPrompts">Accuracy on the training prompts' images (null without such prompts).</param>
/// <param name="HeldOutPrompts">Accuracy on the held-out prompts' images (null without such prompts).</param>
/// <param name="FrechetDistance">Fréchet distance to the real training images' features.</param>
public sealed record EvalGeneratedScores(int Images, TopKAccuracy Alignment, TopKAccuracy? TrainPrompts, TopKAccuracy? HeldOutPrompts, double FrechetDistance);

/// <summary>Scores of the real held-out images: what a perfect generator would reach.</summary>
/// <param name="Images">Held-out images.</param>
/// <param name="Alignment">The classifier's accuracy on them.</param>
/// <param name="FrechetDistance">Fréchet distance between their features and the real training images'.</param>
public sealed record EvalRealScores(int Images, TopKAccuracy Alignment, double FrechetDistance);

/// <summary>Wall-clock seconds of each phase.</summary>
/// <param name="RealFeaturesSeconds">Classifying the real images (decoded before the evaluation starts) and their statistics.</param>
/// <param name="GenerationSeconds">Generating and classifying the images, loading the model included.</param>
/// <param name="TotalSeconds">The evaluation from the real features to the report.</param>
/// <param name="ImagesPerSecond">Generated images per second of generation.</param>
public sealed record EvalTiming(double RealFeaturesSeconds, double GenerationSeconds, double TotalSeconds, double ImagesPerSecond);

/// <summary>One prompt's outcome.</summary>
/// <param name="Prompt">The prompt.</param>
/// <param name="Class">Its class index.</param>
/// <param name="ClassName">Its class name.</param>
/// <param name="HeldOut">Whether its emoji is held out.</param>
/// <param name="Key">Its emoji image in the data set.</param>
/// <param name="Predicted">The classifier's top-1 class for each seed's image.</param>
public sealed record EvalPromptResult(string Prompt, int Class, string ClassName, bool HeldOut, string Key, IReadOnlyList<int> Predicted);
