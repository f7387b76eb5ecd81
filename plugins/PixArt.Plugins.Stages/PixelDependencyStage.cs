using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>
/// Stage 1, pixel dependency (reference 7.1): a class-conditional model, DiT's adaLN-zero with a class-label embedding
/// whose extra row is the null class (class dropout). Trained from scratch.
/// </summary>
public sealed class PixelDependencyStage(PixelDependencyOptions options) : IStageScheduler
{
    /// <summary>The stage's type id.</summary>
    public const string TypeId = "pixel-dependency";

    /// <inheritdoc />
    public TrainingStage Resolve(DatasetFacts data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.ClassCount < 1)
            throw new ArgumentException($"the {TypeId} stage trains on class labels, but its data set has no classes");
        return new TrainingStage(StageNames.Of(options, TypeId), options, TrainingCondition.ClassLabel,
            new ComponentChoice(StageNames.AdaLnZero, new Dictionary<string, string>()),
            new ComponentChoice(StageNames.ClassLabel, new Dictionary<string, string> { ["NumClasses"] = data.ClassCount.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    /// <inheritdoc />
    public void TransferWeights(DenoiserModule? previous, DenoiserModule next)
    {
        ArgumentNullException.ThrowIfNull(next);
        next.InitializeWeights();
        if (previous is not null) Nn.Weights.ModuleWeights.CopyMatching(previous, next);
    }
}
