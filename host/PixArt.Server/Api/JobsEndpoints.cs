using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Queue;

namespace PixArt.Server.Api;

/// <summary>
/// The job API: submit (<c>POST /v1/jobs</c>, 202), follow (<c>GET /v1/jobs/{id}</c>, server-sent events at
/// <c>/events</c>), fetch images (<c>/images/{k}</c>) and cancel or delete (<c>DELETE</c>).
/// </summary>
public static class JobsEndpoints
{
    /// <summary>Maps the endpoints on the <c>/v1</c> group.</summary>
    public static RouteGroupBuilder MapJobsEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        var jobs = v1.MapGroup("/jobs");
        jobs.MapPost("/", SubmitAsync).WithName("SubmitJob").WithSummary("Queue a generation job; 202 with its id and queue position")
            .Accepts<ImageGenerationBody>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        jobs.MapGet("/{id}", Get).WithName("GetJob").WithSummary("State, step, total, ETA and image links of a job");
        jobs.MapGet("/{id}/events", Events).WithName("JobEvents")
            .WithSummary("Server-sent events: queued, started, progress (with optional previews), completed, failed, cancelled");
        jobs.MapGet("/{id}/images/{index:int}", Image).WithName("GetJobImage").WithSummary("One image of a completed job (PNG with its parameters as text chunks)");
        jobs.MapDelete("/{id}", Cancel).WithName("CancelJob")
            .WithSummary("Cancel a queued job (removed from the queue) or a running one (stops between steps); delete a finished one");
        return v1;
    }

    /// <summary>Validates and queues; 202 with the job (and its <c>Location</c>), 429 when the queue is full.</summary>
    public static async Task<Results<Accepted<JobResource>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext context, ImageRequestValidator validator, JobSubmitter submitter, JobStore store, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var body = await JsonBody.ReadAsync<ImageGenerationBody>(context.Request, settings.MaxRequestBodyBytes, context.RequestAborted);
        if (body.Value is null)
        {
            if (body.Status == StatusCodes.Status400BadRequest) return TypedResults.ValidationProblem(body.Errors, title: Problems.InvalidRequest);
            return Problems.BodyRejected(body);
        }
        var (request, errors) = validator.Validate(body.Value, job: true);
        if (request is null) return TypedResults.ValidationProblem(errors, title: Problems.InvalidRequest);
        var (result, job) = await submitter.SubmitAsync(request, body.Value, request.PreviewEvery, context.RequestAborted);
        if (job is null) return Problems.Refused(context, result, settings.QueueCapacity, submitter.RetryAfterSeconds(request.Plan));
        var resource = JobViews.Resource(JobViews.ApiBase(context.Request), job, store, submitter);
        return TypedResults.Accepted(resource.Links.Self, resource);
    }

    /// <summary>The job, or 404.</summary>
    public static async Task<Results<Ok<JobResource>, ProblemHttpResult>> Get(string id, HttpRequest request, IJobQueue queue, JobStore store, JobSubmitter submitter)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await queue.FindAsync(id, request.HttpContext.RequestAborted) is { } job
            ? TypedResults.Ok(JobViews.Resource(JobViews.ApiBase(request), job, store, submitter))
            : Problems.JobNotFound(id);
    }

    /// <summary>
    /// The job's events from the start (or after <c>Last-Event-ID</c>), then live until the job finishes; each event's SSE type
    /// is its kind and its id its sequence number, so a reconnecting client resumes where it stopped.
    /// </summary>
    public static async Task<Results<ServerSentEventsResult<JobEventData>, ProblemHttpResult>> Events(string id, HttpContext context, IJobQueue queue)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await queue.FindAsync(id, context.RequestAborted) is not { } job) return Problems.JobNotFound(id);
        var start = int.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no"; // proxies (nginx) must not buffer the stream
        return TypedResults.ServerSentEvents(Stream(JobViews.ApiBase(context.Request), job, start, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<JobEventData>> Stream(string apiBase, Job job, int start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = start;
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var e in job.EventsFrom(next))
            {
                next = e.Sequence + 1;
                yield return new SseItem<JobEventData>(JobViews.Event(apiBase, job, e), e.Kind) { EventId = e.Sequence.ToString(CultureInfo.InvariantCulture) };
            }
            // The final event is a job's last: once it is sent, the stream ends.
            if (job.IsFinished && job.EventsFrom(next).Count == 0) yield break;
            try
            {
                await job.WaitForEventsAsync(next, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary>Image <paramref name="index"/> of a completed job as PNG; 409 while the job has not completed.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Image(string id, int index, HttpContext context, IJobQueue queue)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await queue.FindAsync(id, context.RequestAborted) is not { } job) return Problems.JobNotFound(id);
        var state = job.State;
        if (state != JobState.Completed)
            return TypedResults.Problem(title: "The job has no images", detail: $"job '{id}' is {JobStates.Name(state)}; images appear only when every one is done",
                statusCode: state is JobState.Queued or JobState.Running ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound);
        var images = job.Images;
        if (index < 0 || index >= images.Count)
            return TypedResults.Problem(title: "No such image", detail: $"job '{id}' has images 0 to {images.Count - 1}", statusCode: StatusCodes.Status404NotFound);
        var image = images[index];
        return TypedResults.File(image.Png, "image/png", $"pixart-{image.Parameters.Seed}.png");
    }

    /// <summary>
    /// Cancels a queued job (200, cancelled: it will not run) or a running one (202: it stops between steps), or deletes a
    /// finished job and its images (204).
    /// </summary>
    public static async Task<Results<Ok<JobResource>, Accepted<JobResource>, NoContent, ProblemHttpResult>> Cancel(
        string id, HttpRequest request, IJobQueue queue, JobStore store, JobSubmitter submitter)
    {
        ArgumentNullException.ThrowIfNull(request);
        var aborted = request.HttpContext.RequestAborted;
        if (await queue.FindAsync(id, aborted) is not { } job) return Problems.JobNotFound(id);
        switch (await queue.CancelAsync(job, "cancelled by the client", aborted))
        {
            case CancelOutcome.Removed:
                return TypedResults.Ok(JobViews.Resource(JobViews.ApiBase(request), job, store, submitter));
            case CancelOutcome.Stopping:
                var resource = JobViews.Resource(JobViews.ApiBase(request), job, store, submitter);
                return TypedResults.Accepted(resource.Links.Self, resource);
            default:
                await queue.RemoveAsync(job, aborted);
                return TypedResults.NoContent();
        }
    }
}
