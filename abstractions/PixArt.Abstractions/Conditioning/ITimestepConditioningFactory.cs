using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Conditioning;

/// <summary>Creates timestep-conditioning modules (adaLN-single, adaLN-zero, ...).</summary>
public interface ITimestepConditioningFactory
{
    /// <summary>Builds the module for a backbone of <paramref name="dimensions"/> (random-initialised; weights load later).</summary>
    TimestepConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions);
}
