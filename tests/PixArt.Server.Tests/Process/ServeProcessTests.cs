using System.Net;
using System.Text;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>
/// Every endpoint of a real <c>pixart serve</c> over loopback HTTP (Kestrel, not the in-memory server): keys, OpenAI
/// generations (base64 and URL), jobs with their event stream, images, cancellation mid-run, a full queue, problems.
/// </summary>
[Collection(ServeProcessCollection.Name)]
public sealed class ServeProcessTests(ServeProcessFixture fixture)
{
    private ServeProcess Server => fixture.Server;

    [Fact]
    public async Task ProbesModelsOpenApiAndThePageAnswer()
    {
        using var open = Server.Client();
        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("/readyz")).StatusCode);
        Assert.Contains("<title>PixArt</title>", await open.GetStringAsync("/"));
        Assert.Contains("/v1/jobs/{id}/events", await open.GetStringAsync("/openapi/v1.json"));

        var anonymous = await open.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("An API key is required", (await anonymous.ReadAsync()).GetProperty("title").GetString());

        using var client = Server.Client(ServeProcessFixture.Key);
        var models = await (await client.GetAsync("/v1/models")).ReadAsync();
        Assert.Equal(TinyModel.Name, models.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task GenerationsAnswerWithBase64OrWithUrlsIntoTheJobStore()
    {
        using var client = Server.Client(ServeProcessFixture.Key);
        var b64 = await (await client.PostAsync("/v1/images/generations", new { prompt = "a fox", size = "64x64", steps = 3, seed = 9 })).ReadAsync();
        var png = Convert.FromBase64String(b64.GetProperty("data")[0].GetProperty("b64_json").GetString()!);
        Assert.Equal("9", Png.Text(png)["seed"]);

        var url = await (await client.PostAsync("/v1/images/generations", new { prompt = "a fox", size = "64x64", steps = 3, seed = 9, response_format = "url" })).ReadAsync();
        var link = url.GetProperty("data")[0].GetProperty("url").GetString()!;
        Assert.StartsWith(Server.BaseAddress.ToString().TrimEnd('/') + "/v1/jobs/job_", link);
        Assert.Equal(png, await client.GetByteArrayAsync(link));
    }

    [Fact]
    public async Task AJobStreamsItsEventsInOrderOverHttpAndItsImageCarriesItsParameters()
    {
        using var client = Server.Client(ServeProcessFixture.Key);
        var submitted = await client.PostAsync("/v1/jobs", new { prompt = "a lighthouse", negative_prompt = "fog", size = "128x64", steps = 4, seed = 77, sampler = "sa-solver", preview_every = 2 });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var job = await submitted.ReadAsync();
        var events = await Sse.AllAsync(client, job.GetProperty("links").GetProperty("events").GetString()!);
        Assert.Equal(["queued", "started", "progress", "progress", "progress", "progress", "completed"], events.Select(e => e.Type));
        var image = await client.GetAsync(events[^1].Data.GetProperty("images")[0].GetProperty("url").GetString());
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var text = Png.Text(await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(("a lighthouse", "fog", "77", "sa-solver", "4", "128x64"), (text["prompt"], text["negative_prompt"], text["seed"], text["sampler"], text["steps"], text["size"]));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(job.GetProperty("links").GetProperty("self").GetString())).StatusCode);
    }

    [Fact]
    public async Task CancellationMidRunAndAFullQueue()
    {
        using var client = Server.Client(ServeProcessFixture.Key);
        var running = (await (await client.PostAsync("/v1/jobs", new { prompt = "long", steps = 100 })).ReadAsync()).GetProperty("id").GetString()!;
        await client.WaitForStateAsync($"/v1/jobs/{running}", "running");
        var queued = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var accepted = await client.PostAsync("/v1/jobs", new { prompt = $"queued {i}", size = "32x32", steps = 1 });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            var body = await accepted.ReadAsync();
            Assert.Equal(i + 1, body.GetProperty("position").GetInt32());
            queued.Add(body.GetProperty("id").GetString()!);
        }
        var refused = await client.PostAsync("/v1/jobs", new { prompt = "one too many", steps = 1 });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        // Cancel the running job mid-run: it stops between steps, and the queued ones run.
        var status = await (await client.GetAsync($"/v1/jobs/{running}")).ReadAsync();
        Assert.InRange(status.GetProperty("step").GetInt32(), 0, 99);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/v1/jobs/{running}")).StatusCode);
        var events = await Sse.AllAsync(client, $"/v1/jobs/{running}/events");
        Assert.Equal("cancelled", events[^1].Type);
        Assert.True(events.Count(e => e.Type == "progress") < 100);
        foreach (var id in queued) Assert.Equal("completed", (await client.WaitForStateAsync($"/v1/jobs/{id}", "completed", "failed", "cancelled")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task BadFieldsAreProblemsNamingThem()
    {
        using var client = Server.Client(ServeProcessFixture.Key);
        var response = await client.PostAsync("/v1/images/generations", new StringContent(
            "{\"prompt\":\"x\",\"n\":0,\"size\":\"10x10\",\"steps\":1000,\"guidance_scale\":100,\"seed\":-3,\"sampler\":\"euler\",\"model\":\"dall-e-3\",\"response_format\":\"jpeg\"}",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadAsync()).GetProperty("errors");
        Assert.Equal(["guidance_scale", "model", "n", "response_format", "sampler", "seed", "size", "steps"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/v1/jobs",
            new StringContent("{\"prompt\":\"" + new string('a', 100_000) + "\"}", Encoding.UTF8, "application/json"))).StatusCode);
    }
}
