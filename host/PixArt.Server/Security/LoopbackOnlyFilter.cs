using System.Net;
using Microsoft.AspNetCore.Http;

namespace PixArt.Server.Security;

/// <summary>
/// Without API keys the API answers only loopback clients: a request from another address (possible when an embedding
/// host binds a public address in code, where start-up could not see it) gets 403 naming the setting to use.
/// </summary>
public sealed class LoopbackOnlyFilter(ApiKeySet keys) : IEndpointFilter
{
    /// <inheritdoc />
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        if (keys.Enabled || remote is null || IPAddress.IsLoopback(remote)) return next(context);
        return ValueTask.FromResult<object?>(TypedResults.Problem(title: "API keys are required off loopback",
            detail: "this server has no API keys, so it only answers clients on this machine; set PixArt:Server:ApiKeys",
            statusCode: StatusCodes.Status403Forbidden));
    }
}
