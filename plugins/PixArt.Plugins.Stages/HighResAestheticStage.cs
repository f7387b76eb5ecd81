using PixArt.Abstractions.Denoising;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>
/// Stage 3, high resolution and aesthetics (reference 7.1, 7.2, 7.4): the text-conditional model at a higher resolution,
/// optionally on multi-aspect buckets. Every weight of the previous stage carries over by name and shape (the positional
/// embedding is recomputed for the new size); going to multi-scale, the new micro-condition embedders keep their fresh
/// initialisation, as the official loader leaves them.
/// </summary>
public sealed class HighResAestheticStage(HighResAestheticOptions options) : IStageScheduler
{
    /// <summary>The stage's type id.</summary>
    public const string TypeId = "high-res-aesthetic";

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
            throw new ArgumentException($"the {TypeId} stage continues a text-conditional model, but the previous stage is class-conditional; put a text-alignment stage between them");
        Nn.Weights.ModuleWeights.CopyMatching(previous, next);
    }
}
