using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Configuration;
using PixArt.Server;
using PixArt.Server.Worker;

namespace PixArt.Cli.Commands;

/// <summary>
/// <c>pixart serve</c>: the HTTP server (host/PixArt.Server) in this process, with the CLI's configuration (appsettings.json,
/// <c>--model</c>, <c>--config</c>, the environment, <c>--set</c>). Ctrl+C or SIGTERM stops it gracefully.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string?> Model = new("--model") { Description = "Hugging Face PixArt pipeline folder. Without it (and without --config) the embedded default model is served." };
    private static readonly Option<string?> Host = new("--host") { Description = "Address to bind (default PixArt:Server:Host, 127.0.0.1). Any non-loopback address requires API keys." };
    private static readonly Option<int?> Port = new("--port") { Description = "Port to bind (default PixArt:Server:Port, 7860); 0 picks a free one." };
    private static readonly Option<string[]> ApiKey = new("--api-key") { Description = "Accepted API key (repeatable; same as PixArt:Server:ApiKeys; prefer the environment variable PixArt__Server__ApiKeys__0, which other users cannot read from the process list)." };

    public static Command Create()
    {
        var command = new Command("serve", "Serve the model over HTTP: an OpenAI-compatible /v1/images/generations, a job queue with progress events and cancellation (/v1/jobs), /v1/models, /healthz, /readyz, the OpenAPI document at /openapi/v1.json and a web page at /. Binds 127.0.0.1:7860 by default (see docs/api.md).");
        foreach (var option in new Option[] { Model, Host, Port, ApiKey }) command.Options.Add(option);
        command.SetAction(result => CliErrors.Run(() => Execute(result)));
        return command;
    }

    private static int Execute(ParseResult result)
    {
        var modelFolder = result.GetValue(Model);
        var configFile = result.GetValue(GlobalOptions.Config);
        IEnumerable<KeyValuePair<string, string?>>? modelKeys = null;
        if (modelFolder is not null) modelKeys = ModelFolder.Read(modelFolder);
        else if (configFile is null) modelKeys = ModelFolder.Read(EmbeddedDefaultModel.EnsureExists());

        var extra = new List<KeyValuePair<string, string?>>();
        if (result.GetValue(Host) is { } host) extra.Add(new("PixArt:Server:Host", host));
        if (result.GetValue(Port) is { } port) extra.Add(new("PixArt:Server:Port", port.ToString(CultureInfo.InvariantCulture)));
        var keys = result.GetValue(ApiKey) ?? [];
        for (var i = 0; i < keys.Length; i++) extra.Add(new($"PixArt:Server:ApiKeys:{i}", keys[i]));
        var (configuration, baseDirectory) = PixArtConfiguration.Build(configFile, GlobalOptions.Overrides(result, extra), modelKeys);

        using var app = PixArtServerApplication.Create([], configuration, baseDirectory);
        app.Start();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"pixart serve: listening on {string.Join(", ", addresses)} (web page at /, API at /v1, docs/api.md); Ctrl+C stops");
        app.WaitForShutdown();
        return app.Services.GetRequiredService<WorkerStatus>().Phase == WorkerPhase.Failed ? CliErrors.Failure : CliErrors.Ok;
    }
}
