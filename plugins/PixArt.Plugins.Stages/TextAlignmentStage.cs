using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>
/// Stage 2, text-image alignment (reference 7.1, 7.3): adaLN-single + cross-attention on captions. From a class-conditional
/// previous stage the model is re-parameterised (<see cref="DenoiserModule.InitializeFrom"/>: the backbone copied, the
/// per-block tables set so adaLN-single equals the previous modulation at the chosen timestep with a zero class vector,
/// the cross-attention starting at zero); from a text-conditional one its weights are copied; without one (the
/// text-to-image-from-scratch baseline) it is initialised as reference 1.11 says.
/// </summary>
public sealed class TextAlignmentStage(TextAlignmentOptions options) : IStageScheduler
{
    /// <summary>The stage's type id.</summary>
    public const string TypeId = "text-alignment";

    /// <summary>Reference 7.3 matches the modulation at t = 500.</summary>
    public const float DefaultReparameterizationTimestep = 500;

    /// <inheritdoc />
    public TrainingStage Resolve(DatasetFacts data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.HasCaptions)
            throw new ArgumentException($"the {TypeId} stage trains on captions, but its data set has none");
        return new TrainingStage(StageNames.Of(options, TypeId), options, TrainingCondition.Caption,
            StageNames.AdaLnSingleFor(options), StageNames.CrossAttentionChoice);
    }

    /// <inheritdoc />
    public void TransferWeights(DenoiserModule? previous, DenoiserModule next)
    {
        ArgumentNullException.ThrowIfNull(next);
        next.InitializeWeights();
        if (previous is null) return;
        if (previous.TextConditioning.CaptionChannels is null)
            next.InitializeFrom(previous, options.ReparameterizationTimestep);
        else
            Nn.Weights.ModuleWeights.CopyMatching(previous, next);
    }
}
