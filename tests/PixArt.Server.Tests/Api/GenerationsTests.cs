using System.Net;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>POST /v1/images/generations (OpenAI's shape), models, health and the OpenAPI document, in memory.</summary>
[Collection(ServerCollection.Name)]
public sealed class GenerationsTests(ServerFixture server)
{
    private HttpClient Client => server.Client;

    [Fact]
    public async Task GeneratesBase64PngsCarryingTheirParameters()
    {
        var response = await Client.PostAsync("/v1/images/generations", new
        {
            prompt = "a small red fox", n = 2, size = "64x32", response_format = "b64_json", model = TinyModel.Name,
            negative_prompt = "blur", sampler = "ddim", steps = 3, guidance_scale = 3.5, seed = 42,
            quality = "hd", style = "vivid", user = "someone", // OpenAI fields PixArt has no use for are ignored
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadAsync();
        Assert.True(body.GetProperty("created").GetInt64() > 1_700_000_000);
        var data = body.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, data.Count);
        for (var i = 0; i < 2; i++)
        {
            var png = Convert.FromBase64String(data[i].GetProperty("b64_json").GetString()!);
            Assert.Equal(Png.Signature, png[..8]);
            Assert.Equal((64, 32), Png.Size(png));
            var text = Png.Text(png);
            Assert.Equal("a small red fox", text["prompt"]);
            Assert.Equal("blur", text["negative_prompt"]);
            Assert.Equal((42 + i).ToString(), text["seed"]);
            Assert.Equal("ddim", text["sampler"]);
            Assert.Equal("3", text["steps"]);
            Assert.Equal("3.5", text["guidance"]);
            Assert.Equal("64x32", text["size"]);
            Assert.Equal(42 + i, data[i].GetProperty("seed").GetInt64());
        }
        // A base64 answer carries the images: the job is not kept.
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/v1/jobs/{data[0].GetProperty("job_id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task SameSeedSameImageAndARandomSeedIsReported()
    {
        async Task<(byte[] Png, long Seed)> Generate(object body)
        {
            var data = (await (await Client.PostAsync("/v1/images/generations", body)).ReadAsync()).GetProperty("data")[0];
            return (Convert.FromBase64String(data.GetProperty("b64_json").GetString()!), data.GetProperty("seed").GetInt64());
        }
        var first = await Generate(new { prompt = "a lighthouse", size = "32x32", steps = 2, seed = 7 });
        var again = await Generate(new { prompt = "a lighthouse", size = "32x32", steps = 2, seed = 7 });
        var random = await Generate(new { prompt = "a lighthouse", size = "32x32", steps = 2, seed = -1 });
        Assert.Equal(first.Png, again.Png);
        Assert.Equal(random.Seed.ToString(), Png.Text(random.Png)["seed"]);
    }

    [Fact]
    public async Task UrlResponsesNeedAnImageStore()
    {
        var response = await Client.PostAsync("/v1/images/generations", new { prompt = "x", response_format = "url" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.ReadAsync()).GetProperty("errors");
        Assert.Contains("needs an image store (PixArt:Server:ImageStore = jobs)", errors.GetProperty("response_format")[0].GetString());
    }

    [Fact]
    public async Task ModelsListTheServedModelWithItsLimits()
    {
        var body = await (await Client.GetAsync("/v1/models")).ReadAsync();
        Assert.Equal("list", body.GetProperty("object").GetString());
        var model = body.GetProperty("data")[0];
        Assert.Equal(TinyModel.Name, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal(256, model.GetProperty("native_size").GetInt32());
        Assert.Equal(16, model.GetProperty("size_multiple").GetInt32());
        Assert.Contains("dpm-solver", model.GetProperty("samplers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(100, model.GetProperty("limits").GetProperty("max_steps").GetInt32());
    }

    [Fact]
    public async Task HealthIsLiveAndReadyAfterWarmUp()
    {
        Assert.Equal("live", (await (await Client.GetAsync("/healthz")).ReadAsync()).GetProperty("status").GetString());
        var ready = await Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await ready.ReadAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesEveryEndpoint()
    {
        var response = await Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.ReadAsync()).GetProperty("paths");
        foreach (var path in new[] { "/v1/images/generations", "/v1/jobs", "/v1/jobs/{id}", "/v1/jobs/{id}/events", "/v1/jobs/{id}/images/{index}", "/v1/models", "/healthz", "/readyz" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
    }

    [Fact]
    public async Task TheWebPageAndItsFilesAreServed()
    {
        var page = await Client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<script src=\"ui/app.js\">", html);
        Assert.Equal("text/javascript", (await Client.GetAsync("/ui/app.js")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", (await Client.GetAsync("/ui/app.css")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/ui/../appsettings.json")).StatusCode);
    }
}
