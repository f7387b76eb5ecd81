using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PixArt.Server.Options;

namespace PixArt.Server;

/// <summary>
/// The <c>pixart serve</c> application: the PixArt server, the OpenAPI document at <c>/openapi/v1.json</c>, and Kestrel on
/// <c>PixArt:Server:Host</c>:<c>Port</c> (127.0.0.1:7860) unless <c>urls</c> or <c>Kestrel:Endpoints</c> say otherwise.
/// </summary>
public static class PixArtServerApplication
{
    /// <summary>
    /// Builds the application. <paramref name="args"/> are ASP.NET Core arguments (<c>--Key=Value</c>);
    /// <paramref name="configuration"/>, when given (the CLI's: appsettings.json, <c>--model</c>, <c>--config</c>, the
    /// environment, <c>--set</c>), is added last and wins; <paramref name="baseDirectory"/> is where relative paths resolve.
    /// </summary>
    public static WebApplication Create(string[] args, IConfiguration? configuration = null, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // ASP.NET Core's per-request lines only when asked for (Logging:LogLevel:Microsoft.AspNetCore), as its templates do;
        // first, so that every configuration source can change it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        if (configuration is not null) builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var server = builder.Configuration.GetSection(ServerOptions.SectionPath);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            var host = server[nameof(ServerOptions.Host)] is { Length: > 0 } h ? h : new ServerOptions().Host;
            var port = int.TryParse(server[nameof(ServerOptions.Port)], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : new ServerOptions().Port;
            builder.WebHost.UseUrls($"http://{(host.Contains(':') ? $"[{host}]" : host)}:{port}");
        }
        builder.Services.AddPixArtServer(builder.Configuration, baseDirectory);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PixArt.Framework server";
            document.Info.Description = "OpenAI-compatible image generation, a job queue with progress events, and health probes.";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.MapOpenApi();
        app.MapPixArtEndpoints();
        return app;
    }
}
