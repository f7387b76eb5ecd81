using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Conditioning;

/// <summary>Creates text-conditioning modules (cross-attention, class-label, ...).</summary>
public interface ITextConditioningFactory
{
    /// <summary>Builds the module for a backbone of <paramref name="dimensions"/>.</summary>
    TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions);
}
