using System.Net;
using PixArt.Hosting.Runtime;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>The job API in memory: submit, follow (state and server-sent events), fetch images, cancel, delete.</summary>
[Collection(ServerCollection.Name)]
public sealed class JobsTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task AJobRunsToCompletionWithEventsInOrderAndItsImagesCarryTheirParameters()
    {
        var submitted = await Client.PostAsync("/v1/jobs", new { prompt = "a red fox", n = 2, size = "64x64", steps = 5, seed = 11, preview_every = 2 });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await submitted.ReadAsync();
        var id = job.GetProperty("id").GetString()!;
        Assert.StartsWith("job_", id);
        Assert.Equal($"/v1/jobs/{id}", submitted.Headers.Location?.OriginalString);
        Assert.Contains(job.GetProperty("state").GetString(), new[] { "queued", "running", "completed" });
        Assert.Equal(5, job.GetProperty("total").GetInt32());
        Assert.Equal("64x64", job.GetProperty("parameters").GetProperty("size").GetString());

        var events = await Sse.AllAsync(Client, job.GetProperty("links").GetProperty("events").GetString()!);
        Assert.Equal(["queued", "started", "progress", "progress", "progress", "progress", "progress", "completed"], events.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(0, events.Count).Select(i => i.ToString()), events.Select(e => e.Id));
        Assert.Equal(1, events[0].Data.GetProperty("position").GetInt32());
        var progress = events.Where(e => e.Type == "progress").ToList();
        Assert.Equal([1, 2, 3, 4, 5], progress.Select(e => e.Data.GetProperty("step").GetInt32()));
        Assert.All(progress, e => Assert.Equal(5, e.Data.GetProperty("total").GetInt32()));
        // A preview every 2 steps (none on the last: the image itself follows).
        Assert.Equal([2, 4], progress.Where(e => e.Data.TryGetProperty("preview", out _)).Select(e => e.Data.GetProperty("step").GetInt32()));
        var preview = progress[1].Data.GetProperty("preview").GetString()!;
        Assert.StartsWith("data:image/png;base64,", preview);
        Assert.Equal((8, 8), Png.Size(Convert.FromBase64String(preview["data:image/png;base64,".Length..]))); // latent resolution
        var links = events[^1].Data.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(2, links.Count);

        var done = await (await Client.GetAsync($"/v1/jobs/{id}")).ReadAsync();
        Assert.Equal("completed", done.GetProperty("state").GetString());
        Assert.Equal(5, done.GetProperty("step").GetInt32());
        Assert.True(done.TryGetProperty("finished_at", out _));
        Assert.False(done.TryGetProperty("eta_seconds", out _));
        for (var k = 0; k < 2; k++)
        {
            var image = await Client.GetAsync(links[k].GetProperty("url").GetString());
            Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
            var png = await image.Content.ReadAsByteArrayAsync();
            var text = Png.Text(png);
            Assert.Equal("a red fox", text["prompt"]);
            Assert.Equal((11 + k).ToString(), text["seed"]);
            Assert.Equal("5", text["steps"]);
            Assert.Equal(TinyModel.Name, text["model"]);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/jobs/{id}/images/2")).StatusCode);

        // Late subscribers get the whole history; Last-Event-ID resumes after an event.
        var replay = await Sse.AllAsync(Client, $"/v1/jobs/{id}/events");
        Assert.Equal(events.Select(e => e.Type), replay.Select(e => e.Type));
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/v1/jobs/{id}/events");
        resume.Headers.Add("Last-Event-ID", "5");
        var rest = await Sse.ReadAsync(await Client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead)).ToListAsync();
        Assert.Equal(["6", "7"], rest.Select(e => e.Id));

        // Deleting a finished job frees it and its images.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/v1/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/jobs/{id}/events")).StatusCode);
    }

    [Fact]
    public async Task TheWorkersListShowsThisProcesssWorkerAndTheJobItRuns()
    {
        var id = (await (await Client.PostAsync("/v1/jobs", new { prompt = "listed", size = "64x64", steps = 100 })).ReadAsync()).GetProperty("id").GetString()!;
        var running = await Client.WaitForStateAsync($"/v1/jobs/{id}", "running");
        var workers = (await (await Client.GetAsync("/v1/workers")).ReadAsync()).GetProperty("workers").EnumerateArray().ToList();
        var worker = Assert.Single(workers);
        Assert.Equal(running.GetProperty("worker").GetString(), worker.GetProperty("name").GetString());
        Assert.Equal("cpu", worker.GetProperty("device").GetString());
        // The server generates under the generation policy: bfloat16 where this CPU has native bf16, float32 elsewhere.
        Assert.Equal(RuntimeOptions.DTypeName(AutoDTypePolicy.Generation.Resolve(TorchSharp.torch.CPU, CpuDescription.Current())),
            worker.GetProperty("dtype").GetString());
        Assert.Equal("ready", worker.GetProperty("status").GetString());
        Assert.Equal(id, Assert.Single(worker.GetProperty("jobs").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await Client.DeleteAsync($"/v1/jobs/{id}")).StatusCode);
        await Client.WaitForStateAsync($"/v1/jobs/{id}", "cancelled");
    }

    [Fact]
    public async Task CancellingARunningJobStopsItBetweenSteps()
    {
        var job = await (await Client.PostAsync("/v1/jobs", new { prompt = "slow", steps = 100, seed = 1 })).ReadAsync();
        var id = job.GetProperty("id").GetString()!;
        HttpStatusCode? cancel = null;
        var events = await Sse.AllAsync(Client, $"/v1/jobs/{id}/events", async e =>
        {
            if (e.Type == "progress" && e.Data.GetProperty("step").GetInt32() == 2)
            {
                var running = await (await Client.GetAsync($"/v1/jobs/{id}")).ReadAsync();
                Assert.Equal("running", running.GetProperty("state").GetString());
                Assert.True(running.GetProperty("eta_seconds").GetDouble() > 0);
                cancel = (await Client.DeleteAsync($"/v1/jobs/{id}")).StatusCode;
            }
        });
        Assert.Equal(HttpStatusCode.Accepted, cancel);
        Assert.Equal("cancelled", events[^1].Type);
        Assert.Equal("cancelled by the client", events[^1].Data.GetProperty("message").GetString());
        var steps = events.Count(e => e.Type == "progress");
        Assert.InRange(steps, 2, 4); // it stops at the next step boundary
        var final = await (await Client.GetAsync($"/v1/jobs/{id}")).ReadAsync();
        Assert.Equal("cancelled", final.GetProperty("state").GetString());
        Assert.Empty(final.GetProperty("images").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/jobs/{id}/images/0")).StatusCode);

        // The worker is free again at once.
        var next = await Client.PostAsync("/v1/images/generations", new { prompt = "after", size = "32x32", steps = 1 });
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task CancellingAQueuedJobRemovesItBeforeItRuns()
    {
        var running = await (await Client.PostAsync("/v1/jobs", new { prompt = "long", steps = 100, seed = 1 })).ReadAsync();
        var runningId = running.GetProperty("id").GetString()!;
        await Client.WaitForStateAsync($"/v1/jobs/{runningId}", "running");
        // Another size: it cannot join the running pass.
        var queued = await Client.PostAsync("/v1/jobs", new { prompt = "waiting", size = "64x64", steps = 2 });
        var queuedJob = await queued.ReadAsync();
        Assert.Equal("queued", queuedJob.GetProperty("state").GetString());
        Assert.Equal(1, queuedJob.GetProperty("position").GetInt32());
        var queuedId = queuedJob.GetProperty("id").GetString()!;

        var removed = await Client.DeleteAsync($"/v1/jobs/{queuedId}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("cancelled", (await removed.ReadAsync()).GetProperty("state").GetString());
        Assert.Equal(["queued", "cancelled"], (await Sse.AllAsync(Client, $"/v1/jobs/{queuedId}/events")).Select(e => e.Type));
        Assert.Equal(HttpStatusCode.Conflict, (await Client.GetAsync($"/v1/jobs/{runningId}/images/0")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await Client.DeleteAsync($"/v1/jobs/{runningId}")).StatusCode);
        await Client.WaitForStateAsync($"/v1/jobs/{runningId}", "cancelled");
        var never = await (await Client.GetAsync($"/v1/jobs/{queuedId}")).ReadAsync();
        Assert.False(never.TryGetProperty("started_at", out _));
    }

    [Fact]
    public async Task UnknownJobsAreProblems()
    {
        foreach (var url in new[] { "/v1/jobs/job_nope", "/v1/jobs/job_nope/events", "/v1/jobs/job_nope/images/0" })
        {
            var response = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync("/v1/jobs/job_nope")).StatusCode);
    }
}
