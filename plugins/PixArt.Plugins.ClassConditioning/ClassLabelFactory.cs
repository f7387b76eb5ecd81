using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>Creates <see cref="ClassLabelConditioning"/>.</summary>
public sealed class ClassLabelFactory : ITextConditioningFactory
{
    /// <inheritdoc />
    public TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions)
    {
        var options = context.GetOptions<ClassLabelOptions>();
        if (options.NumClasses < 1)
            throw new ArgumentException($"{context.ConfigPath}:NumClasses must be at least 1, got {options.NumClasses}");
        return new ClassLabelConditioning(dimensions, options.NumClasses);
    }
}
