using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using PixArt.Hosting.Composition;
using PixArt.Hosting.Configuration;
using PixArt.Hosting.Runtime;
using PixArt.Server.AI;
using PixArt.Server.Api;
using PixArt.Server.Jobs;
using PixArt.Server.Options;
using PixArt.Server.Queue;
using PixArt.Server.Queue.Redis;
using PixArt.Server.Security;
using PixArt.Server.Telemetry;
using PixArt.Server.Worker;

// Host-facing registration lives in the DI namespace, as the runtime's own extensions do.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PixArt server (queue, worker, API services, <see cref="IImageGenerator"/>) to any ASP.NET Core host.</summary>
public static class PixArtServerServiceCollectionExtensions
{
    // PixArt:Server:Queue is bound by its own section (QueueSection), not as a key of PixArt:Server.
    private const string QueueSectionKey = "Queue";

    /// <summary>
    /// Registers the framework for generation (<c>AddPixArt</c>, if not done yet, with <see cref="AutoDTypePolicy.Generation"/>
    /// unless a policy is registered already) and the server: <c>PixArt:Server</c> and
    /// <c>PixArt:Server:Queue</c> options (checked at host start with the other sections), the job store, the queue
    /// (in-process, or Redis with its follower and consumer by <c>PixArt:Server:Role</c>), the one
    /// <see cref="GenerationWorker"/> (unless the role is <c>api</c>), eviction, the request validator, API-key authentication, meters (and the Prometheus
    /// exporter when <c>PixArt:Server:Prometheus</c> is true), the start-up check that refuses a non-loopback address without
    /// keys, and <see cref="IImageGenerator"/>. Then map the endpoints with <c>app.MapPixArtEndpoints()</c>. Calling it twice is harmless.
    /// </summary>
    public static IServiceCollection AddPixArtServer(this IServiceCollection services, IConfiguration configuration, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(AutoDTypePolicy.Generation); // auto = bf16 on CPUs with native bf16 (docs/numerics.md)
        services.AddPixArt(configuration, baseDirectory, PipelineSlots.Generation);
        if (services.Any(d => d.ServiceType == typeof(WorkerInbox))) return services;

        var section = new SectionOptions<ServerOptions>(configuration, ServerOptions.SectionPath, [QueueSectionKey]);
        services.AddSingleton<ISectionCheck>(section);
        services.AddSingleton<IConfigureOptions<ServerOptions>>(section);
        services.AddSingleton<IValidateOptions<ServerOptions>>(section);
        var queueSection = new QueueSection(configuration);
        services.AddSingleton<ISectionCheck>(queueSection);
        services.AddSingleton<IConfigureOptions<QueueOptions>>(queueSection);
        services.AddSingleton<IValidateOptions<QueueOptions>>(queueSection);
        var topology = ServerTopology.From(configuration);
        var (usesRedis, generates, servesApi) = (topology.UsesRedis, topology.Generates, topology.ServesApi);
        services.AddSingleton(topology);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<WorkerInbox>();
        services.TryAddSingleton<JobStore>();
        services.AddKeyedSingleton(WorkerJobs.Key, (sp, _) => usesRedis
            ? new JobStore(sp.GetRequiredService<IOptions<ServerOptions>>(), sp.GetRequiredService<TimeProvider>())
            : sp.GetRequiredService<JobStore>());
        services.TryAddSingleton<WorkerIdentity>();
        services.TryAddSingleton<WorkerDescriptions>();
        services.TryAddSingleton<WorkerStatus>();
        services.TryAddSingleton<ServerMetrics>();
        services.TryAddSingleton<JobSubmitter>();
        services.TryAddSingleton<ImageRequestValidator>();
        services.TryAddSingleton(sp => new ApiKeySet(sp.GetRequiredService<IOptions<ServerOptions>>().Value.ApiKeys));
        services.TryAddSingleton<LoopbackOnlyFilter>();
        services.TryAddSingleton<IImageGenerator, PixArtImageGenerator>();
        // Start order: the PixArt checks (AddPixArt), the address check, Redis (when shared), then the worker (loads the
        // model, warms up) and the queue's background services.
        services.AddHostedService<BindAddressGuard>();
        if (usesRedis)
        {
            services.TryAddSingleton<RedisConnection>();
            services.TryAddSingleton<RedisJobFollower>();
            services.TryAddSingleton<RedisJobPublisher>();
            services.TryAddSingleton<IJobQueue, RedisJobQueue>();
            services.TryAddSingleton<IWorkerDirectory, RedisWorkerDirectory>();
            services.AddHostedService<RedisStartup>();
        }
        else
        {
            services.TryAddSingleton<IJobQueue, InProcessJobQueue>();
            services.TryAddSingleton<IWorkerDirectory, LocalWorkerDirectory>();
        }
        if (generates) services.AddHostedService<GenerationWorker>();
        if (usesRedis && generates) services.AddHostedService<RedisJobConsumer>();
        if (usesRedis && servesApi) services.AddHostedService(sp => sp.GetRequiredService<RedisJobFollower>());
        services.AddHostedService<JobEviction>();

        services.AddProblemDetails();
        // The authentication core only: AddAuthentication() would also bring data protection, whose key ring (written to
        // the user's profile at start) nothing here uses.
        services.AddWebEncoders();
        services.AddAuthenticationCore(o => o.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null));
        services.AddAuthorization(o => o.AddPolicy(ApiKeyAuthenticationHandler.Policy,
            p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()));
        if (configuration.GetValue<bool>($"{ServerOptions.SectionPath}:{nameof(ServerOptions.Prometheus)}"))
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddPrometheusExporter());
        return services;
    }
}
