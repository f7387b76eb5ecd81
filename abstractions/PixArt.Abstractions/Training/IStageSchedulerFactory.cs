using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Training;

/// <summary>Creates the stage schedulers of the curriculum, one per configured stage. Provisional (ADR 0003).</summary>
[Experimental("PXF0001")]
public interface IStageSchedulerFactory
{
    /// <summary>The stage configured by <paramref name="context"/> (options derived from <see cref="TrainingStageOptions"/>).</summary>
    IStageScheduler Create(ComponentContext context);
}
