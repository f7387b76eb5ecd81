namespace PixArt.Hosting.Evaluation;

/// <summary>
/// How the evaluation classifier is trained (recorded in <c>classifier.json</c>). AdamW with a cosine decay to 0 after a
/// linear warm-up; batches drawn in a seeded order; each image shifted by up to <see cref="Shift"/> pixels (white fill,
/// as the emoji are composited over white) and mirrored with probability ½ when <see cref="Flip"/> is set, so the
/// classifier learns the subcategory rather than the exact pixels of the few emoji of each class.
/// </summary>
public sealed record ClassifierTrainingSettings
{
    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 3000;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Fraction of the steps spent in the linear warm-up before the cosine decay.</summary>
    public double WarmupFraction { get; init; } = 0.05;

    /// <summary>Steps of linear warm-up: <see cref="WarmupFraction"/> of <see cref="Steps"/>, rounded down.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int WarmupSteps => (int)(WarmupFraction * Steps);

    /// <summary>Seed of the initial weights, the data order and the augmentation draws.</summary>
    public long Seed { get; init; }

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; init; } = 64;

    /// <summary>Channels of the first convolution (features are 4× as wide).</summary>
    public int Width { get; init; } = 32;

    /// <summary>Largest random shift in pixels (0: none).</summary>
    public int Shift { get; init; } = 4;

    /// <summary>Whether images are mirrored left-right at random.</summary>
    public bool Flip { get; init; } = true;

    /// <summary>Every value out of range, each with its name and what is allowed (empty when valid).</summary>
    public IReadOnlyList<(string Name, string Value, string Allowed)> Problems()
    {
        var problems = new List<(string, string, string)>();
        void Check(bool ok, string name, object value, string allowed)
        {
            if (!ok) problems.Add((name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!, allowed));
        }
        Check(Steps >= 1, nameof(Steps), Steps, "at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a positive number");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "0 or more");
        Check(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), WarmupFraction, "0 up to (not including) 1");
        Check(Seed >= 0, nameof(Seed), Seed, "0 or more");
        Check(InputSize >= 8 && InputSize % 8 == 0, nameof(InputSize), InputSize, "a positive multiple of 8");
        Check(Width >= 8 && Width % 8 == 0, nameof(Width), Width, "a positive multiple of 8");
        Check(Shift >= 0 && Shift < InputSize, nameof(Shift), Shift, "0 up to the input size");
        return problems;
    }
}
