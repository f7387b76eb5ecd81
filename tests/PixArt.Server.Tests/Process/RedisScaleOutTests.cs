using System.Net;
using PixArt.Hosting.Runtime;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>
/// Scale-out against a real Redis with real processes: one <c>pixart serve</c> API node and two workers
/// (<see cref="ScaleOutFixture"/>). A burst is split over both workers and followed through the API node; a worker killed
/// mid-job (<c>kill -9</c>) loses nothing: the other claims the job and makes the same image bytes as an uncrashed run;
/// a cancellation reaches the worker running the job; Redis stopped and started again during a burst loses no accepted job,
/// and meanwhile new jobs get 503.
/// </summary>
public sealed class RedisScaleOutTests(ScaleOutFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ScaleOutFixture>
{
    // Several seconds on the embedded model at one thread: long enough to act on while it runs.
    private static readonly object Long = new { prompt = "a grinning face", size = "64x64", steps = 999, seed = 11 };

    [SkippableFact]
    public async Task ABurstIsSplitAcrossBothWorkersAndFollowedThroughTheApiNode()
    {
        Skip.If(fixture.Redis is null, RedisServer.Missing);
        using var client = fixture.Api.Client();
        // Heartbeats come every second: the list shows both workers ready within a few.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<(string?, string?, string?, string?)> workers;
        do
        {
            workers = (await (await client.GetAsync("/v1/workers")).ReadAsync()).GetProperty("workers").EnumerateArray()
                .Select(w => (w.GetProperty("name").GetString(), w.GetProperty("device").GetString(),
                    w.TryGetProperty("dtype", out var dtype) ? dtype.GetString() : null, w.GetProperty("status").GetString())).ToList();
        }
        while (workers.Any(w => w.Item4 != "ready") && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        // Each worker reports the dtype it resolved (through its Redis heartbeat): serve's auto follows the generation policy.
        var dtype = RuntimeOptions.DTypeName(AutoDTypePolicy.Generation.Resolve(TorchSharp.torch.CPU, CpuDescription.Current()));
        Assert.Equal([(ScaleOutFixture.WorkerA, "cpu", dtype, "ready"), (ScaleOutFixture.WorkerB, "cpu", dtype, "ready")], workers);

        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsync("/v1/jobs", new { prompt = $"burst {i}", size = "32x32", steps = 30, seed = i });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.ReadAsync()).GetProperty("id").GetString()!);
        }
        // Progress made by a worker elsewhere reaches a client of the API node as server-sent events.
        var events = await Sse.AllAsync(client, $"/v1/jobs/{ids[^1]}/events");
        Assert.Equal(["queued", "started"], events.Take(2).Select(e => e.Type));
        Assert.Contains(events, e => e.Type == "progress");
        Assert.Equal("completed", events[^1].Type);
        var ran = new List<string>();
        foreach (var id in ids)
        {
            var job = await FinishedAsync(client, id);
            Assert.Equal("completed", job.GetProperty("state").GetString());
            ran.Add(job.GetProperty("worker").GetString()!);
            using var image = await client.GetAsync($"/v1/jobs/{id}/images/0");
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            Assert.Equal(Png.Signature, (await image.Content.ReadAsByteArrayAsync())[..8]);
        }
        output.WriteLine("ran on: " + string.Join(", ", ran));
        Assert.Contains(ScaleOutFixture.WorkerA, ran);
        Assert.Contains(ScaleOutFixture.WorkerB, ran);

        // Any API node answers for any job: a second one, started now, knows the job from Redis alone.
        await using var other = await ServeProcess.StartAsync([.. fixture.Shared(), "--set", "PixArt:Server:Role=api"]);
        using var otherClient = other.Client();
        var there = await (await otherClient.GetAsync($"/v1/jobs/{ids[^1]}")).ReadAsync();
        Assert.Equal("completed", there.GetProperty("state").GetString());
        Assert.Equal(ran[^1], there.GetProperty("worker").GetString());
        Assert.Equal(await client.GetByteArrayAsync($"/v1/jobs/{ids[^1]}/images/0"), await otherClient.GetByteArrayAsync($"/v1/jobs/{ids[^1]}/images/0"));
        var replayed = await Sse.AllAsync(otherClient, $"/v1/jobs/{ids[^1]}/events");
        Assert.Equal(events.Select(e => (e.Type, e.Id)), replayed.Select(e => (e.Type, e.Id)));
    }

    [SkippableFact]
    public async Task AWorkerKilledMidJobLosesNothingTheOtherMakesTheSameBytes()
    {
        Skip.If(fixture.Redis is null, RedisServer.Missing);
        using var client = fixture.Api.Client();
        var id = await SubmitAsync(client, Long);
        var running = await WaitForStepAsync(client, id, 3);
        var victim = running.GetProperty("worker").GetString()!;
        await fixture.Workers[victim].KillAsync();

        var job = await FinishedAsync(client, id);
        Assert.Equal("completed", job.GetProperty("state").GetString());
        var survivor = job.GetProperty("worker").GetString();
        Assert.NotEqual(victim, survivor);
        var events = await Sse.AllAsync(client, $"/v1/jobs/{id}/events");
        Assert.Contains(events, e => e.Type == "queued" && e.Data.TryGetProperty("message", out var why)
            && why.GetString()!.Contains($"requeued: worker {victim} stopped responding", StringComparison.Ordinal));
        var recovered = await client.GetByteArrayAsync($"/v1/jobs/{id}/images/0");

        // The same request, uncrashed: the same seed gives the same image, byte for byte (parameters included).
        var again = await SubmitAsync(client, Long);
        await CompletesAsync(client, again);
        Assert.Equal(await client.GetByteArrayAsync($"/v1/jobs/{again}/images/0"), recovered);

        await fixture.StartWorkerAsync(victim);
    }

    [SkippableFact]
    public async Task ACancellationReachesTheWorkerRunningTheJob()
    {
        Skip.If(fixture.Redis is null, RedisServer.Missing);
        using var client = fixture.Api.Client();
        var id = await SubmitAsync(client, Long);
        var running = await WaitForStepAsync(client, id, 2);
        using (var cancel = await client.DeleteAsync($"/v1/jobs/{id}")) Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);

        var job = await FinishedAsync(client, id);
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        Assert.Equal("cancelled by the client", job.GetProperty("message").GetString());
        Assert.InRange(job.GetProperty("step").GetInt32(), 2, 998);
        Assert.Equal(running.GetProperty("worker").GetString(), job.GetProperty("worker").GetString());
    }

    [SkippableFact]
    public async Task RedisStoppedAndStartedAgainDuringABurstLosesNoAcceptedJob()
    {
        Skip.If(fixture.Redis is null, RedisServer.Missing);
        using var client = fixture.Api.Client();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add(await SubmitAsync(client, new { prompt = $"restart {i}", size = "64x64", steps = 60, seed = 100 + i }));
        await WaitForStepAsync(client, ids[0], 1);

        await fixture.Redis!.StopAsync();
        using (var refused = await client.PostAsync("/v1/jobs", new { prompt = "while Redis is down", size = "32x32", steps = 1 }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter is not null);
        }
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("queue-unavailable", (await ready.ReadAsync()).GetProperty("status").GetString());
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        await fixture.Redis.StartAgainAsync();

        foreach (var id in ids)
            await CompletesAsync(client, id);
        await fixture.Api.WaitUntilReadyAsync();
        var after = await SubmitAsync(client, new { prompt = "after the restart", size = "32x32", steps = 2 });
        await CompletesAsync(client, after);
    }

    // The job once it has ended, whichever way.
    private static Task<System.Text.Json.JsonElement> FinishedAsync(HttpClient client, string id) =>
        client.WaitForStateAsync($"/v1/jobs/{id}", "completed", "failed", "cancelled");

    private static async Task CompletesAsync(HttpClient client, string id) =>
        Assert.Equal("completed", (await FinishedAsync(client, id)).GetProperty("state").GetString());

    private static async Task<string> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsync("/v1/jobs", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<System.Text.Json.JsonElement> WaitForStepAsync(HttpClient client, string id, int step)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await (await client.GetAsync($"/v1/jobs/{id}")).ReadAsync();
            if (job.GetProperty("state").GetString() == "running" && job.GetProperty("step").GetInt32() >= step) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {id} did not reach step {step}: {job}");
            await Task.Delay(20);
        }
    }
}
