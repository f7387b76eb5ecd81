using PixArt.Abstractions.Conditioning;
using PixArt.Abstractions.Runtime;

namespace PixArt.Plugins.ClassConditioning;

/// <summary>Creates <see cref="ClassLabelConditioning"/>.</summary>
public sealed class ClassLabelFactory : ITextConditioningFactory
{
    /// <inheritdoc />
    public TextConditioningInfo Describe(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint)
    {
        var classes = NumClasses(context);
        return new TextConditioningInfo(null, null, checkpoint is not null, ClassLabelConditioning.ParameterCount(dimensions, classes), classes);
    }

    /// <inheritdoc />
    public TextConditioningModule Create(ComponentContext context, DenoiserDimensions dimensions, ComponentCheckpoint? checkpoint) =>
        new ClassLabelConditioning(dimensions, NumClasses(context), learnedNullClass: checkpoint is not null);

    private static int NumClasses(ComponentContext context)
    {
        var options = context.GetOptions<ClassLabelOptions>();
        if (options.NumClasses < 1)
            throw new ArgumentException($"{context.ConfigPath}:NumClasses must be at least 1, got {options.NumClasses}");
        return options.NumClasses;
    }
}
