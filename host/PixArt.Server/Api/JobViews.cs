using System.Globalization;
using Microsoft.AspNetCore.Http;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;

namespace PixArt.Server.Api;

/// <summary>Turns jobs and their events into API shapes, with links under the prefix the endpoints are mapped at.</summary>
public static class JobViews
{
    /// <summary>The path prefix of the API for <paramref name="request"/> (path base plus the group's prefix, before <c>/v1/</c>).</summary>
    public static string ApiBase(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path.Value ?? "";
        var v1 = path.IndexOf("/v1/", StringComparison.Ordinal);
        return request.PathBase.Value + (v1 >= 0 ? path[..v1] : "");
    }

    /// <summary>The job's links relative to the host.</summary>
    public static JobLinks Links(string apiBase, Job job) => new($"{apiBase}/v1/jobs/{job.Id}", $"{apiBase}/v1/jobs/{job.Id}/events");

    /// <summary>The job's image links.</summary>
    public static IReadOnlyList<JobImageLink> Images(string apiBase, Job job) =>
        job.Images.Select(i => new JobImageLink(i.Index, i.Parameters.Seed, $"{apiBase}/v1/jobs/{job.Id}/images/{i.Index}")).ToList();

    /// <summary>The job as <c>GET /v1/jobs/{id}</c> shows it.</summary>
    public static JobResource Resource(string apiBase, Job job, JobStore store, JobSubmitter submitter)
    {
        ArgumentNullException.ThrowIfNull(job);
        var plan = job.Plan;
        var state = job.State;
        return new JobResource
        {
            Id = job.Id,
            State = JobStates.Name(state),
            Position = state == JobState.Queued ? store.Position(job) : null,
            Step = job.Step,
            Total = job.TotalSteps,
            EtaSeconds = submitter.EtaSeconds(job),
            CreatedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            FinishedAt = job.FinishedAt,
            Worker = job.WorkerName,
            Message = state is JobState.Failed or JobState.Cancelled ? job.Message : null,
            Parameters = new JobParameters(plan.Prompts[0], plan.NegativePrompt, plan.Prompts.Count,
                string.Create(CultureInfo.InvariantCulture, $"{plan.Size.OutputWidth}x{plan.Size.OutputHeight}"),
                plan.Sampler.TypeId, plan.Steps, plan.GuidanceScale, plan.Seeds[0]),
            Images = Images(apiBase, job),
            Links = Links(apiBase, job),
        };
    }

    /// <summary>One event as the event stream sends it.</summary>
    public static JobEventData Event(string apiBase, Job job, JobEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new JobEventData
        {
            JobId = job.Id,
            Type = e.Kind,
            Step = e.Step,
            Total = e.Total,
            Position = e.Position,
            Preview = e.Preview is null ? null : "data:image/png;base64," + Convert.ToBase64String(e.Preview),
            Images = e.Kind == JobEventKinds.Completed ? Images(apiBase, job) : null,
            Worker = e.Worker,
            Message = e.Message,
            At = e.At,
        };
    }
}
