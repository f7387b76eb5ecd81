using System.Diagnostics.CodeAnalysis;
using PixArt.Abstractions.Runtime;

namespace PixArt.Abstractions.Training;

/// <summary>Creates training-stage schedulers. Provisional until the trainer lands.</summary>
[Experimental("PXF0001")]
public interface IStageSchedulerFactory
{
    /// <summary>Builds the curriculum described by <paramref name="context"/>'s options.</summary>
    IStageScheduler Create(ComponentContext context);
}
