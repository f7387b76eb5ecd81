using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Denoising;

namespace PixArt.Abstractions.Training;

/// <summary>
/// One stage of the training curriculum (reference section 7): what it trains and how the model of the previous stage
/// becomes this stage's starting point. Provisional (ADR 0003).
/// </summary>
[Experimental("PXF0001")]
public interface IStageScheduler
{
    /// <summary>The stage for data with <paramref name="data"/>: its settings, condition kind and conditioning components.</summary>
    TrainingStage Resolve(DatasetFacts data);

    /// <summary>
    /// Initialises <paramref name="next"/> (built with this stage's conditioning, on the training device) from
    /// <paramref name="previous"/> (the previous stage's weights as its options' <c>LoadFrom</c> says), or from scratch
    /// when there is no previous stage. Throws <see cref="ArgumentException"/> when the two cannot be carried over.
    /// </summary>
    void TransferWeights(DenoiserModule? previous, DenoiserModule next);
}
