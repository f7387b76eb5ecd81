using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PixArt.Server.Api;
using PixArt.Server.Options;
using PixArt.Server.Security;
using PixArt.Server.Worker;

// Endpoint mapping lives in the builder namespace, as ASP.NET Core's own Map* extensions do.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the PixArt API, health probes, the web page and (optionally) metrics into any ASP.NET Core application.</summary>
public static class PixArtEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/> (default: the root): the <c>/v1</c> group (<c>images/generations</c>,
    /// <c>jobs</c>, <c>models</c>, <c>workers</c>; not on a <c>worker</c>-role process; behind API keys when <c>PixArt:Server:ApiKeys</c> has any, else loopback-only),
    /// <c>/healthz</c>, <c>/readyz</c>, the web page at <c>/</c> (unless <c>PixArt:Server:WebUi</c> is false) and
    /// <c>/metrics</c> (when <c>PixArt:Server:Prometheus</c> is true). Needs <c>services.AddPixArtServer(configuration)</c>.
    /// Returns the group, for conventions of the host's own (CORS, rate limiting, ...).
    /// </summary>
    public static RouteGroupBuilder MapPixArtEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(WorkerInbox)) != true)
            throw new InvalidOperationException("MapPixArtEndpoints needs the PixArt server's services: call services.AddPixArtServer(configuration) first");
        // Bound without validation: mapping precedes the host's start, where PixArt:Server is checked and every problem
        // reported with its key. Only which endpoints exist is decided here.
        var settings = new ServerOptions();
        foreach (var configure in services.GetServices<IConfigureOptions<ServerOptions>>()) configure.Configure(settings);
        var keys = new ApiKeySet(settings.ApiKeys);

        var root = endpoints.MapGroup(prefix);
        root.MapHealthEndpoints();
        // A worker-only process (PixArt:Server:Role = worker) answers probes and metrics; the API is on the api nodes.
        if (services.GetRequiredService<ServerTopology>().ServesApi)
        {
            var v1 = root.MapGroup("/v1").WithTags("PixArt").AddEndpointFilter<LoopbackOnlyFilter>().AddEndpointFilter<QueueUnavailableFilter>();
            if (keys.Enabled) v1.RequireAuthorization(ApiKeyAuthenticationHandler.Policy);
            v1.MapImagesEndpoints();
            v1.MapJobsEndpoints();
            v1.MapModelsEndpoints();
            v1.MapWorkersEndpoints();
            if (settings.WebUi) root.MapWebUi();
        }
        if (settings.Prometheus)
        {
            var metrics = root.MapPrometheusScrapingEndpoint("/metrics");
            if (keys.Enabled) metrics.RequireAuthorization(ApiKeyAuthenticationHandler.Policy);
        }
        return root;
    }
}
