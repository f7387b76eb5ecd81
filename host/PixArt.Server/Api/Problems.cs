using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using PixArt.Server.Queue;

namespace PixArt.Server.Api;

/// <summary>The RFC 7807 answers the endpoints share.</summary>
public static class Problems
{
    /// <summary>Title of every validation problem.</summary>
    public const string InvalidRequest = "The request is not valid";

    /// <summary>413 or 415 for a body that is too large or not JSON (<see cref="JsonBodyResult{T}.Status"/>).</summary>
    public static ProblemHttpResult BodyRejected<T>(JsonBodyResult<T> body) where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        return TypedResults.Problem(detail: string.Join("; ", body.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))), statusCode: body.Status,
            title: body.Status == StatusCodes.Status413PayloadTooLarge ? "The request body is too large" : "The request body must be JSON");
    }

    /// <summary>429 with <c>Retry-After</c>.</summary>
    public static ProblemHttpResult QueueFull(HttpContext context, int capacity, int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(title: "The queue is full",
            detail: $"{capacity} jobs are already waiting; retry after {retryAfterSeconds} s", statusCode: StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The answer to a refused submission: 429 when full, else 503 (shutting down, or the shared queue unreachable).</summary>
    public static ProblemHttpResult Refused(HttpContext context, EnqueueResult result, int capacity, int retryAfterSeconds) => result switch
    {
        EnqueueResult.Full => QueueFull(context, capacity, retryAfterSeconds),
        EnqueueResult.Unavailable => QueueUnavailable(context, "the job queue (Redis) is unreachable; nothing was queued, retry later"),
        _ => ShuttingDown(context),
    };

    /// <summary>503: the server stopped accepting jobs.</summary>
    public static ProblemHttpResult ShuttingDown(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "30";
        return TypedResults.Problem(title: "The server is shutting down", detail: "no new jobs are accepted", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>503: the shared queue (Redis) is unreachable now; nothing was accepted.</summary>
    public static ProblemHttpResult QueueUnavailable(HttpContext context, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(title: "The job queue is unavailable", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>404 for an unknown (or evicted) job.</summary>
    public static ProblemHttpResult JobNotFound(string id) =>
        TypedResults.Problem(title: "No such job", detail: $"job '{id}' is unknown or was evicted (finished jobs are kept for PixArt:Server:RetentionSeconds)",
            statusCode: StatusCodes.Status404NotFound);
}
