using System.Net;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>Graceful shutdown of a real <c>pixart serve</c> (SIGTERM), and the refusal to listen off loopback without keys.</summary>
public sealed class ServeShutdownTests
{
    [Fact]
    public async Task SigtermFinishesTheRunningJobCancelsQueuedOnesAndNeverAnswersHalfAnImage()
    {
        await using var server = await ServeProcess.StartAsync();
        await server.WaitUntilReadyAsync();
        using var client = server.Client();
        var running = await (await client.PostAsync("/v1/jobs", new { prompt = "finishing", steps = 100 })).ReadAsync();
        var runningId = running.GetProperty("id").GetString()!;
        await client.WaitForStateAsync($"/v1/jobs/{runningId}", "running");
        var runningEvents = Sse.AllAsync(client, $"/v1/jobs/{runningId}/events");
        var queuedId = (await (await client.PostAsync("/v1/jobs", new { prompt = "waiting", size = "64x64", steps = 2 })).ReadAsync()).GetProperty("id").GetString()!;
        var queuedEvents = Sse.AllAsync(client, $"/v1/jobs/{queuedId}/events");
        var waiting = client.PostAsync("/v1/images/generations", new { prompt = "synchronous", size = "64x64", steps = 2 });
        await Task.Delay(150); // the synchronous request reaches the queue
        Assert.Equal("running", (await (await client.GetAsync($"/v1/jobs/{runningId}")).ReadAsync()).GetProperty("state").GetString());

        var exit = server.TerminateAsync(TimeSpan.FromSeconds(60));

        var finished = await runningEvents;
        Assert.Equal("completed", finished[^1].Type); // shutdown mode "finish": the running pass completes
        Assert.Equal(100, finished.Count(e => e.Type == "progress"));
        var cancelled = await queuedEvents;
        Assert.Equal(["queued", "cancelled"], cancelled.Select(e => e.Type));
        Assert.Equal("the server is shutting down", cancelled[^1].Data.GetProperty("message").GetString());
        var answer = await waiting;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode); // a problem, never part of an image
        Assert.Equal("The job was cancelled", (await answer.ReadAsync()).GetProperty("title").GetString());
        Assert.Equal(0, await exit);
        Assert.Contains("stopping: queue closed, 2 queued job(s) cancelled, running jobs: finish", server.Output);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/healthz"));
    }

    [Fact]
    public async Task ANonLoopbackAddressWithoutKeysIsRefusedAtStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServeProcess.StartAsync("--host", "0.0.0.0"));
        Assert.Contains("exited with 2", error.Message);
        Assert.Contains("PixArt:Server:ApiKeys: API keys are required to listen on http://0.0.0.0:0 (not loopback)", error.Message);
    }
}
