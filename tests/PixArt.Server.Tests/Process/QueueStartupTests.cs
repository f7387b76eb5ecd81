using PixArt.Server.Tests.Infrastructure;

namespace PixArt.Server.Tests.Process;

/// <summary>Start-up refusals of the shared queue, before any model is loaded: each names its key and what to do.</summary>
public sealed class QueueStartupTests
{
    [Fact]
    public async Task AnUnreachableRedisStopsTheStartNamingTheKeyAndTheAddress()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServeProcess.StartAsync("--set", "PixArt:Server:Queue:Type=redis", "--set", "PixArt:Server:Queue:Connection=127.0.0.1:1"));
        Assert.Contains("PixArt:Server:Queue:Connection", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Redis at 127.0.0.1:1 is unreachable", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkerRoleWithoutASharedQueueIsRefused()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServeProcess.StartAsync("--set", "PixArt:Server:Role=worker"));
        Assert.Contains("PixArt:Server:Role", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PixArt:Server:Queue:Type = redis", refused.Message, StringComparison.Ordinal);
    }
}
