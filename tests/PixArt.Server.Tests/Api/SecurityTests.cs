using System.Net;
using System.Net.Http.Headers;
using PixArt.Hosting.Configuration;
using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Api;

/// <summary>API keys (Bearer, every /v1 endpoint and /metrics; probes and the page stay open) and the loopback rule.</summary>
public sealed class SecurityTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Fact]
    public async Task WithKeysEveryApiEndpointNeedsOne()
    {
        await using var factory = new PixArtServerFactory(("PixArt:Server:ApiKeys:0", Key), ("PixArt:Server:ApiKeys:1", "second-key-0123456789"), ("PixArt:Server:Prometheus", "true"));
        var client = await factory.ReadyClientAsync();
        var requests = new Func<HttpRequestMessage>[]
        {
            () => new(HttpMethod.Get, "/v1/models"),
            () => new(HttpMethod.Post, "/v1/images/generations") { Content = JsonContent("{\"prompt\":\"x\",\"size\":\"32x32\",\"steps\":1}") },
            () => new(HttpMethod.Post, "/v1/jobs") { Content = JsonContent("{\"prompt\":\"x\",\"size\":\"32x32\",\"steps\":1}") },
            () => new(HttpMethod.Get, "/v1/jobs/job_x"),
            () => new(HttpMethod.Get, "/v1/jobs/job_x/events"),
            () => new(HttpMethod.Get, "/v1/jobs/job_x/images/0"),
            () => new(HttpMethod.Delete, "/v1/jobs/job_x"),
            () => new(HttpMethod.Get, "/metrics"),
        };
        foreach (var make in requests)
        {
            using var anonymous = make();
            var response = await client.SendAsync(anonymous);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{anonymous.Method} {anonymous.RequestUri}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

            using var wrong = make();
            wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);

            using var right = make();
            right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            Assert.NotEqual(HttpStatusCode.Unauthorized, (await client.SendAsync(right)).StatusCode);
        }
        using var second = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        second.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "second-key-0123456789");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(second)).StatusCode);

        foreach (var open in new[] { "/healthz", "/readyz", "/", "/openapi/v1.json" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(open)).StatusCode);
    }

    [Fact]
    public async Task ANonLoopbackAddressWithoutKeysRefusesToStart()
    {
        await using var factory = new PixArtServerFactory(("urls", "http://0.0.0.0:7860"));
        var error = Assert.Throws<ConfigurationException>(() => factory.CreateClient());
        Assert.Contains("PixArt:Server:ApiKeys", error.Message);
        Assert.Contains("http://0.0.0.0:7860", error.Message);
    }

    [Fact]
    public async Task ANonLoopbackAddressWithKeysStarts()
    {
        await using var factory = new PixArtServerFactory(("urls", "http://0.0.0.0:7860"), ("PixArt:Server:ApiKeys:0", Key));
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task InvalidServerSettingsAreReportedWithTheirKeysAtStart()
    {
        await using var factory = new PixArtServerFactory(("PixArt:Server:QueueCapacity", "0"), ("PixArt:Server:ShutdownMode", "abandon"),
            ("PixArt:Server:ApiKeys:0", "short"), ("PixArt:Server:Colour", "blue"));
        var error = Assert.Throws<ConfigurationException>(() => factory.CreateClient());
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("PixArt:Server:QueueCapacity = '0': must be between 1 and 100000", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("PixArt:Server:ShutdownMode = 'abandon': allowed: finish, cancel", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ApiKeys:0: a key must have at least 16 characters") && !p.Contains("'short'"));
        Assert.Contains(problems, p => p.StartsWith("PixArt:Server:Colour", StringComparison.Ordinal));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
