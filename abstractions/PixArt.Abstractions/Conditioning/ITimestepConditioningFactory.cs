using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Conditioning;

/// <summary>Creates timestep-conditioning modules (adaLN-single, adaLN-zero, ...).</summary>
public interface ITimestepConditioningFactory
{
    /// <summary>
    /// What <see cref="Create"/> would build, from the options, <paramref name="dimensions"/> and the checkpoint's key names
    /// and headers (no tensor is read or allocated). Throws <see cref="ArgumentException"/> naming the option or key at fault.
    /// </summary>
    TimestepConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint);

    /// <summary>
    /// Builds the module for a backbone of <paramref name="dimensions"/>, sized for <paramref name="checkpoint"/> when one will be
    /// loaded (random-initialised; the denoiser loads the weights).
    /// </summary>
    TimestepConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint);
}
