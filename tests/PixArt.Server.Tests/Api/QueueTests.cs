using System.Net;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>The bounded queue (429 with Retry-After when full) and batching of compatible jobs.</summary>
public sealed class QueueTests
{
    [Fact]
    public async Task AFullQueueAnswers429WithRetryAfter()
    {
        await using var factory = new PixArtServerFactory(("PixArt:Server:QueueCapacity", "1"), ("PixArt:Server:MaxBatchSize", "1"));
        var client = await factory.ReadyClientAsync();
        var running = await (await client.PostAsync("/v1/jobs", new { prompt = "long", steps = 100 })).ReadAsync();
        var runningId = running.GetProperty("id").GetString()!;
        await client.WaitForStateAsync($"/v1/jobs/{runningId}", "running");
        var queued = await client.PostAsync("/v1/jobs", new { prompt = "fills the queue", steps = 2 });
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);

        foreach (var url in new[] { "/v1/jobs", "/v1/images/generations" })
        {
            var refused = await client.PostAsync(url, new { prompt = "one too many", steps = 2 });
            Assert.Equal((HttpStatusCode)429, refused.StatusCode);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value.TotalSeconds, 1, 120);
            var problem = await refused.ReadAsync();
            Assert.Equal("The queue is full", problem.GetProperty("title").GetString());
        }

        // Nothing was lost: the queued job still runs once the long one is cancelled.
        await client.DeleteAsync($"/v1/jobs/{runningId}");
        var queuedId = (await queued.ReadAsync()).GetProperty("id").GetString()!;
        Assert.Equal("completed", (await client.WaitForStateAsync($"/v1/jobs/{queuedId}", "completed", "failed", "cancelled")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task CompatibleJobsShareAPassAndGiveTheImagesOfUnbatchedRuns()
    {
        var requests = new object[]
        {
            new { prompt = "a red fox", size = "64x64", steps = 4, seed = 3 },
            new { prompt = "a lighthouse", negative_prompt = "fog", size = "64x64", steps = 4, seed = 8, n = 2 },
            new { prompt = "an owl", size = "64x64", steps = 4, seed = 21 },
        };

        // Batched: a long window, so the three jobs, submitted together, run as one pass of four images.
        byte[][] batched;
        string metrics;
        await using (var factory = new PixArtServerFactory(("PixArt:Server:MaxBatchSize", "4"), ("PixArt:Server:BatchWindowMs", "5000"), ("PixArt:Server:Prometheus", "true")))
        {
            var client = await factory.ReadyClientAsync();
            var jobs = new List<string>();
            foreach (var request in requests) jobs.Add((await (await client.PostAsync("/v1/jobs", request)).ReadAsync()).GetProperty("id").GetString()!);
            var done = new List<System.Text.Json.JsonElement>();
            foreach (var id in jobs) done.Add(await client.WaitForStateAsync($"/v1/jobs/{id}", "completed", "failed", "cancelled"));
            Assert.All(done, d => Assert.Equal("completed", d.GetProperty("state").GetString()));
            Assert.Single(done.Select(d => d.GetProperty("started_at").GetDateTimeOffset()).Distinct()); // one pass
            batched = await ImagesAsync(client, done);
            metrics = await client.GetStringAsync("/metrics");
        }
        Assert.Contains("pixart_server_batch_images", metrics);
        Assert.Contains("pixart_server_jobs_submitted", metrics);

        // Unbatched: one job per pass.
        await using (var factory = new PixArtServerFactory(("PixArt:Server:MaxBatchSize", "1")))
        {
            var client = await factory.ReadyClientAsync();
            var done = new List<System.Text.Json.JsonElement>();
            foreach (var request in requests)
            {
                var id = (await (await client.PostAsync("/v1/jobs", request)).ReadAsync()).GetProperty("id").GetString()!;
                done.Add(await client.WaitForStateAsync($"/v1/jobs/{id}", "completed", "failed", "cancelled"));
            }
            var alone = await ImagesAsync(client, done);
            Assert.Equal(4, alone.Length);
            // Batching changes only the float summation order of the larger GEMMs (about 2e-6, GenerationService tests):
            // at most one 8-bit level where a value sits on a rounding edge.
            for (var i = 0; i < alone.Length; i++) Assert.InRange(Png.MaxDifference(batched[i], alone[i]), 0, 1);
        }
    }

    private static async Task<byte[][]> ImagesAsync(HttpClient client, IEnumerable<System.Text.Json.JsonElement> jobs)
    {
        var images = new List<byte[]>();
        foreach (var job in jobs)
            foreach (var link in job.GetProperty("images").EnumerateArray())
                images.Add(await client.GetByteArrayAsync(link.GetProperty("url").GetString()));
        return [.. images];
    }
}
