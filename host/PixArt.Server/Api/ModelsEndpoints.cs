using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PixArt.Abstractions.Plugins;
using PixArt.Hosting.Model;
using PixArt.Hosting.Plugins;
using PixArt.Hosting.Startup;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Options;

namespace PixArt.Server.Api;

/// <summary><c>GET /v1/models</c>: the served model (OpenAI's list shape) with its sizes, samplers and the request limits.</summary>
public static class ModelsEndpoints
{
    private static readonly long Started = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Maps the endpoint on the <c>/v1</c> group.</summary>
    public static RouteGroupBuilder MapModelsEndpoints(this RouteGroupBuilder v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        v1.MapGet("/models", List).WithName("ListModels").WithSummary("The served model, its sizes, samplers and request limits");
        return v1;
    }

    /// <summary>The one model.</summary>
    public static Ok<ModelList> List(ModelDescription model, PluginCatalog plugins, PixArtHostSettings host, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(model);
        var limits = options.Value;
        return TypedResults.Ok(new ModelList([new ModelEntry
        {
            Id = model.Name,
            Created = Started,
            NativeSize = model.NativeSize,
            SizeMultiple = model.SizeMultiple,
            Samplers = plugins.TypeIds(ComponentKind.Sampler).ToList(),
            DefaultSampler = host.Configuration["PixArt:Sampler:Type"],
            Limits = new RequestLimits(limits.MaxPromptLength, limits.MaxImagesPerRequest, limits.MaxSteps, limits.MaxImageSide, limits.MaxGuidanceScale),
        }]));
    }
}
