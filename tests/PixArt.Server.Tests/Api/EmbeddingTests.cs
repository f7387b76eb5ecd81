using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PixArt.Hosting.Runtime;
using PixArt.Server.Tests.Infrastructure;
using PixArt.Server.Worker;

namespace PixArt.Server.Tests.Api;

/// <summary>
/// The server inside someone else's application (docs/embedding.md): AddPixArtServer + MapPixArtEndpoints under a prefix
/// next to the host's own endpoints, and code written against Microsoft.Extensions.AI's IImageGenerator.
/// </summary>
public sealed class EmbeddingTests
{
    // Stopped, then disposed, as a host's lifetime does it (disposal alone would not stop the worker first).
    private sealed class Started(WebApplication app) : IAsyncDisposable
    {
        public WebApplication App => app;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<Started> StartHostAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(TinyModel.Settings());
        builder.Services.AddPixArtServer(builder.Configuration);
        var app = builder.Build();
        app.MapGet("/", () => "the host's own page");
        app.MapPixArtEndpoints("/pixart");
        await app.StartAsync();
        var status = app.Services.GetRequiredService<WorkerStatus>();
        for (var i = 0; i < 600 && !status.Ready; i++) await Task.Delay(100);
        Assert.True(status.Ready, $"worker: {status.Phase} {status.Error}");
        return new Started(app);
    }

    [Fact]
    public void TheServerGeneratesUnderTheGenerationDTypePolicyUnlessTheHostRegisteredAnother()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TinyModel.Settings()).Build();
        using var byDefault = new ServiceCollection().AddPixArtServer(configuration).BuildServiceProvider();
        Assert.Same(AutoDTypePolicy.Generation, byDefault.GetRequiredService<AutoDTypePolicy>());
        using var pinned = new ServiceCollection().AddSingleton(AutoDTypePolicy.Reproducible).AddPixArtServer(configuration).BuildServiceProvider();
        Assert.Same(AutoDTypePolicy.Reproducible, pinned.GetRequiredService<AutoDTypePolicy>());
        // AddPixArt first (docs/embedding.md allows it) registers no policy of its own, so the server's still applies.
        using var frameworkFirst = new ServiceCollection().AddPixArt(configuration).AddPixArtServer(configuration).BuildServiceProvider();
        Assert.Same(AutoDTypePolicy.Generation, frameworkFirst.GetRequiredService<AutoDTypePolicy>());
    }

    [Fact]
    public async Task TheApiAndThePageLiveUnderThePrefixBesideTheHostsOwnEndpoints()
    {
        await using var host = await StartHostAsync();
        var client = host.App.GetTestClient();
        Assert.Equal("the host's own page", await client.GetStringAsync("/"));
        Assert.Contains("<title>PixArt</title>", await client.GetStringAsync("/pixart/"));
        var redirect = await client.GetAsync("/pixart");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/pixart/", redirect.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pixart/readyz")).StatusCode);

        var job = await (await client.PostAsync("/pixart/v1/jobs", new { prompt = "embedded", size = "32x32", steps = 2 })).ReadAsync();
        var self = job.GetProperty("links").GetProperty("self").GetString()!;
        Assert.StartsWith("/pixart/v1/jobs/job_", self);
        var done = await client.WaitForStateAsync(self, "completed", "failed", "cancelled");
        var url = done.GetProperty("images")[0].GetProperty("url").GetString()!;
        Assert.StartsWith("/pixart/v1/jobs/", url);
        Assert.Equal(Png.Signature, (await client.GetByteArrayAsync(url))[..8]);
    }

    [Fact]
    public async Task CodeWrittenAgainstIImageGeneratorGeneratesWithPixArt()
    {
        await using var host = await StartHostAsync();
        var generator = host.App.Services.GetRequiredService<IImageGenerator>();
        var response = await generator.GenerateImagesAsync("a small red fox", new ImageGenerationOptions
        {
            Count = 2,
            ImageSize = new System.Drawing.Size(64, 32),
            AdditionalProperties = new() { ["steps"] = 3, ["seed"] = 5L, ["negative_prompt"] = "blur" },
        });
        var images = response.Contents.OfType<DataContent>().ToList();
        Assert.Equal(2, images.Count);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("image/png", images[i].MediaType);
            var png = images[i].Data.ToArray();
            Assert.Equal((64, 32), Png.Size(png));
            Assert.Equal((5 + i).ToString(), Png.Text(png)["seed"]);
            Assert.Equal("blur", Png.Text(png)["negative_prompt"]);
        }
        Assert.Equal(TinyModel.Name, generator.GetService<ImageGeneratorMetadata>()?.DefaultModelId);

        var invalid = await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { Count = 9 }));
        Assert.Contains("n: must be between 1 and 4", invalid.Message);
        await Assert.ThrowsAsync<NotSupportedException>(() => generator.GenerateImagesAsync("x", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            generator.GenerateImagesAsync("slow", new ImageGenerationOptions { AdditionalProperties = new() { ["steps"] = 100 } }, cancel.Token));
    }
}
