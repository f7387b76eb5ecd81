using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PixArt.Hosting.Generation;
using PixArt.Server.Api;
using PixArt.Server.Api.Contracts;
using PixArt.Server.Jobs;
using PixArt.Server.Queue;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>
/// Shutdown with <c>ShutdownMode=cancel</c>: the queue closes, queued and running jobs are cancelled between steps. Observed on
/// the server's own objects, since the in-memory server goes away with the host (ServeShutdownTests covers SIGTERM over HTTP).
/// </summary>
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
        var store = factory.Services.GetRequiredService<JobStore>();
        var submitter = factory.Services.GetRequiredService<JobSubmitter>();
        var plan = factory.Services.GetRequiredService<GenerationPlanner>().Plan(new GenerationRequest { Prompts = ["too late"], Steps = 1 });
        var late = new ImageGenerationBody { Prompt = "too late", Steps = 1 };
        var (runningJob, queuedJob) = (store.Find(running)!, store.Find(queued)!);

        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication(); // what SIGTERM does

        Assert.Equal(EnqueueResult.Closed, (await submitter.SubmitAsync(new ValidatedRequest(plan, 0, false), late, 0, CancellationToken.None)).Result); // answered 503 over HTTP
        Assert.Equal(JobState.Cancelled, await queuedJob.Finished.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(JobState.Cancelled, await runningJob.Finished.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal("the server is shutting down", runningJob.Message);
        Assert.InRange(runningJob.Step, 0, 99);
        Assert.Empty(runningJob.Images);
    }
}
