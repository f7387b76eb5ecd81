using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>Shutdown with <c>ShutdownMode=cancel</c>: the queue closes (503), queued and running jobs are cancelled between steps.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task CancelModeStopsTheRunningJobBetweenStepsAndRefusesNewOnes()
    {
        await using var factory = new PixArtServerFactory(("PixArt:Server:ShutdownMode", "cancel"));
        var client = await factory.ReadyClientAsync();
        var running = (await (await client.PostAsync("/v1/jobs", new { prompt = "long", steps = 100 })).ReadAsync()).GetProperty("id").GetString()!;
        await client.WaitForStateAsync($"/v1/jobs/{running}", "running");
        var queued = (await (await client.PostAsync("/v1/jobs", new { prompt = "waiting", size = "32x32", steps = 1 })).ReadAsync()).GetProperty("id").GetString()!;
        var runningEvents = Sse.AllAsync(client, $"/v1/jobs/{running}/events");

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(); // what SIGTERM does first

        var refused = await client.PostAsync("/v1/jobs", new { prompt = "too late", steps = 1 });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("The server is shutting down", (await refused.ReadAsync()).GetProperty("title").GetString());
        var events = await runningEvents;
        Assert.Equal("cancelled", events[^1].Type);
        Assert.Equal("the server is shutting down", events[^1].Data.GetProperty("message").GetString());
        Assert.True(events.Count(e => e.Type == "progress") < 100);
        var job = await (await client.GetAsync($"/v1/jobs/{queued}")).ReadAsync();
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
    }
}
