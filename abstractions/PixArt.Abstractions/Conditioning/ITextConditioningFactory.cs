using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Conditioning;

/// <summary>Creates text-conditioning modules (cross-attention, class-label, ...).</summary>
public interface ITextConditioningFactory
{
    /// <summary>
    /// What <see cref="Create"/> would build, from the options, <paramref name="dimensions"/> and the checkpoint's key names
    /// and headers (no tensor is read or allocated). Throws <see cref="ArgumentException"/> naming the option or key at fault.
    /// </summary>
    TextConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint);

    /// <summary>
    /// Builds the module for a backbone of <paramref name="dimensions"/>, sized for <paramref name="checkpoint"/> when one will be
    /// loaded (random-initialised; the denoiser loads the weights). Its <see cref="TextConditioningModule.HasLearnedNullCondition"/>
    /// says whether that checkpoint carries a learned null condition.
    /// </summary>
    TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint);
}
