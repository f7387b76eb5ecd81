using Microsoft.Extensions.DependencyInjection;
using PixArt.Hosting.Model;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;

namespace PixArt.Server.Worker;

/// <summary>Describes this process's worker: identity, status, and the jobs of its store that are not finished.</summary>
public sealed class WorkerDescriptions(
    WorkerIdentity identity,
    WorkerStatus status,
    ModelDescription model,
    [FromKeyedServices(WorkerJobs.Key)] JobStore store,
    TimeProvider time)
{
    /// <summary>This worker now.</summary>
    public WorkerResource Local()
    {
        var perStep = status.SecondsPerStep;
        return new WorkerResource
        {
            Name = identity.Name,
            Device = identity.Device,
            DType = status.DType,
            Model = model.Name,
            Status = WorkerPhases.Name(status.Phase),
            Jobs = store.All.Where(j => !j.IsFinished).OrderBy(j => j.Sequence)
                .Select(j => new WorkerJob(j.Id, JobStates.Name(j.State), j.Step, j.TotalSteps)).ToList(),
            SecondsPerStep = double.IsNaN(perStep) ? null : Math.Round(perStep, 4),
            StartedAt = identity.StartedAt,
            LastSeen = time.GetUtcNow(),
        };
    }
}
