using PixArt.Abstractions.Runtime;
using PixArt.Abstractions.Training;

namespace PixArt.Plugins.Stages;

/// <summary>Creates the <c>pixel-dependency</c> stage.</summary>
public sealed class PixelDependencyFactory : IStageSchedulerFactory
{
    /// <inheritdoc />
    public IStageScheduler Create(ComponentContext context) => new PixelDependencyStage(context.GetOptions<PixelDependencyOptions>());
}

/// <summary>Creates the <c>text-alignment</c> stage.</summary>
public sealed class TextAlignmentFactory : IStageSchedulerFactory
{
    /// <inheritdoc />
    public IStageScheduler Create(ComponentContext context) => new TextAlignmentStage(context.GetOptions<TextAlignmentOptions>());
}

/// <summary>Creates the <c>high-res-aesthetic</c> stage.</summary>
public sealed class HighResAestheticFactory : IStageSchedulerFactory
{
    /// <inheritdoc />
    public IStageScheduler Create(ComponentContext context) => new HighResAestheticStage(context.GetOptions<HighResAestheticOptions>());
}
