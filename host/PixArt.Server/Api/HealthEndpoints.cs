using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PixArt.Server.Options;
using PixArt.Server.Queue;
using PixArt.Server.Worker;

namespace PixArt.Server.Api;

/// <summary>The state <c>/healthz</c> and <c>/readyz</c> report.</summary>
/// <param name="Status"><c>live</c>, <c>ready</c>, <c>starting</c>, <c>warming-up</c>, <c>failed</c>, <c>stopped</c> or <c>queue-unavailable</c>.</param>
/// <param name="Error">Why the worker failed.</param>
public sealed record HealthStatus(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>Liveness (<c>GET /healthz</c>: the process answers) and readiness (<c>GET /readyz</c>: model loaded, warm-up step done).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both (never behind API keys: orchestrators probe them).</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.MapGet("/healthz", Live).WithName("Live").WithSummary("Liveness: 200 while the process answers").WithTags("Health");
        root.MapGet("/readyz", Ready).WithName("Ready").WithSummary("Readiness: 200 once the model is loaded and a warm-up step ran, else 503").WithTags("Health");
        return root;
    }

    /// <summary>Always 200.</summary>
    public static Ok<HealthStatus> Live() => TypedResults.Ok(new HealthStatus("live"));

    /// <summary>
    /// 200 when ready: the worker (when this process generates) has loaded the model and ran its warm-up step, and the queue
    /// (Redis, when shared) is reachable; else 503 with the worker's phase or <c>queue-unavailable</c>.
    /// </summary>
    public static Results<Ok<HealthStatus>, JsonHttpResult<HealthStatus>> Ready(WorkerStatus worker, IJobQueue queue, ServerTopology topology)
    {
        ArgumentNullException.ThrowIfNull(worker);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(topology);
        if (topology.Generates && !worker.Ready)
            return TypedResults.Json(new HealthStatus(WorkerPhases.Name(worker.Phase), worker.Error), statusCode: StatusCodes.Status503ServiceUnavailable);
        if (!queue.IsAvailable)
            return TypedResults.Json(new HealthStatus("queue-unavailable", "the shared queue (Redis) is unreachable"), statusCode: StatusCodes.Status503ServiceUnavailable);
        return TypedResults.Ok(new HealthStatus("ready"));
    }
}
