using System.Net;
using System.Text;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>Every bad field is answered with an RFC 7807 validation problem that names it and its allowed range.</summary>
[Collection(ServerCollection.Name)]
public sealed class ValidationTests(ServerFixture server)
{
    [Theory]
    [InlineData("{\"n\":1}", "prompt", "is required")]
    [InlineData("{\"prompt\":\"@long\"}", "prompt", "must be at most 2000 characters (got 2001)")]
    [InlineData("{\"prompt\":\"x\",\"negative_prompt\":\"@long\"}", "negative_prompt", "must be at most 2000 characters")]
    [InlineData("{\"prompt\":\"x\",\"n\":0}", "n", "must be between 1 and 4 (got 0)")]
    [InlineData("{\"prompt\":\"x\",\"n\":5}", "n", "must be between 1 and 4 (got 5)")]
    [InlineData("{\"prompt\":\"x\",\"size\":\"100x64\"}", "size", "multiples of 16 from 16 to 2048")]
    [InlineData("{\"prompt\":\"x\",\"size\":\"big\"}", "size", "must be \"WxH\"")]
    [InlineData("{\"prompt\":\"x\",\"size\":\"4096x4096\"}", "size", "to 2048")]
    [InlineData("{\"prompt\":\"x\",\"steps\":0}", "steps", "must be between 1 and 100 (got 0)")]
    [InlineData("{\"prompt\":\"x\",\"steps\":101}", "steps", "must be between 1 and 100 (got 101)")]
    [InlineData("{\"prompt\":\"x\",\"guidance_scale\":-1}", "guidance_scale", "must be between 0 and 30")]
    [InlineData("{\"prompt\":\"x\",\"guidance_scale\":31}", "guidance_scale", "must be between 0 and 30")]
    [InlineData("{\"prompt\":\"x\",\"seed\":-2}", "seed", "must be -1 (random) or between 0 and 9007199254740990")]
    [InlineData("{\"prompt\":\"x\",\"seed\":9007199254740991}", "seed", "between 0 and 9007199254740990")]
    [InlineData("{\"prompt\":\"x\",\"sampler\":\"euler\"}", "sampler", "unknown sampler 'euler'; available: ddim, dpm-solver")]
    [InlineData("{\"prompt\":\"x\",\"model\":\"dall-e-3\"}", "model", "unknown model 'dall-e-3'; available: pixart-tiny-random")]
    [InlineData("{\"prompt\":\"x\",\"response_format\":\"png\"}", "response_format", "must be \"b64_json\" or \"url\"")]
    [InlineData("{\"prompt\":\"x\",\"steps\":\"ten\"}", "steps", "must be an integer")]
    [InlineData("{\"prompt\":42}", "prompt", "must be a string")]
    [InlineData("{\"prompt\":\"x\",", "body", "not valid JSON")]
    [InlineData("", "body", "a JSON object is required")]
    public async Task EachBadFieldIsNamedWithItsAllowedRange(string json, string field, string message)
    {
        json = json.Replace("@long", new string('a', 2001));
        foreach (var url in new[] { "/v1/images/generations", "/v1/jobs" })
        {
            if (url == "/v1/jobs" && field == "response_format") continue; // jobs always answer with links
            var response = await server.Client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.ReadAsync();
            Assert.Equal(400, problem.GetProperty("status").GetInt32());
            Assert.Equal("The request is not valid", problem.GetProperty("title").GetString());
            var errors = problem.GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{url}: no error for '{field}' in {errors}");
            Assert.Contains(message, messages[0].GetString());
        }
    }

    [Fact]
    public async Task EveryProblemOfARequestIsReportedAtOnce()
    {
        var response = await server.Client.PostAsync("/v1/jobs", new { prompt = "x", n = 9, size = "7x7", steps = 0, guidance_scale = 99, seed = -5 });
        var errors = (await response.ReadAsync()).GetProperty("errors");
        Assert.Equal(new[] { "guidance_scale", "n", "seed", "size", "steps" }, errors.EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task TheBodySizeIsLimited()
    {
        var big = "{\"prompt\":\"" + new string('a', 70_000) + "\"}";
        var response = await server.Client.PostAsync("/v1/jobs", new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 65536 bytes", (await response.ReadAsync()).GetProperty("detail").GetString());

        // Chunked (no Content-Length): the limit holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images/generations") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await server.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task OnlyJsonIsAccepted()
    {
        var response = await server.Client.PostAsync("/v1/jobs", new StringContent("prompt=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
