using Microsoft.AspNetCore.Http;
using PixArt.Server.Queue;

namespace PixArt.Server.Api;

/// <summary>Answers 503 with <c>Retry-After</c> when a <c>/v1</c> endpoint finds the shared queue (Redis) unreachable.</summary>
public sealed class QueueUnavailableFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (QueueUnavailableException e)
        {
            return Problems.QueueUnavailable(context.HttpContext, e.Message);
        }
    }
}
