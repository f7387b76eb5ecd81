using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Worker;

namespace PixArt.Server.Api;

/// <summary><c>GET /v1/workers</c>: the workers serving this API, with their device and current jobs.</summary>
public static class WorkersEndpoints
{
    /// <summary>Maps the endpoint on the <c>/v1</c> group.</summary>
    public static RouteGroupBuilder MapWorkersEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapGet("/workers", ListAsync).WithName("ListWorkers")
            .WithSummary("The workers serving this API (in-process: this one; Redis: every one with a recent heartbeat), their device and jobs");
        return v1;
    }

    /// <summary>The workers.</summary>
    public static async Task<Ok<WorkerList>> ListAsync(IWorkerDirectory workers, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(context);
        return TypedResults.Ok(new WorkerList(await workers.ListAsync(context.RequestAborted)));
    }
}
