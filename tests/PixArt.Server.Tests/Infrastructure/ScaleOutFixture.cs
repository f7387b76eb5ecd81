using System.Collections.Concurrent;

namespace PixArt.Server.Tests.Infrastructure;

/// <summary>
/// One real Redis, one <c>pixart serve</c> API process and two worker processes (<c>worker-a</c>, <c>worker-b</c>) of the
/// embedded model, on loopback: one thread each (two workers share this machine's two cores), one image per pass (so a burst
/// spreads), a heartbeat every second and claims after three, so a crash is recovered within seconds.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    public const string WorkerA = "worker-a";
    public const string WorkerB = "worker-b";

    private readonly ConcurrentDictionary<string, ServeProcess> _workers = new();

    public RedisServer? Redis { get; private set; }

    public ServeProcess Api { get; private set; } = null!;

    public IReadOnlyDictionary<string, ServeProcess> Workers => _workers;

    /// <summary>The settings every process shares (<c>--set</c> arguments).</summary>
    public string[] Shared() =>
    [
        "--set", "PixArt:Server:Queue:Type=redis", "--set", $"PixArt:Server:Queue:Connection={Redis!.Connection}",
        "--set", "PixArt:Server:Queue:ClaimIdleSeconds=3", "--set", "PixArt:Server:Queue:HeartbeatSeconds=1",
        "--set", "PixArt:Server:MaxBatchSize=1", "--set", "PixArt:Server:ImageStore=jobs", "--set", "PixArt:Runtime:Threads=1", "--set", "PixArt:Server:MaxSteps=1000",
    ];

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null) return; // the tests skip with the reason
        Redis = await RedisServer.StartAsync();
        var api = ServeProcess.StartAsync([.. Shared(), "--set", "PixArt:Server:Role=api"]);
        var a = StartWorkerAsync(WorkerA);
        var b = StartWorkerAsync(WorkerB);
        Api = await api;
        await Task.WhenAll(a, b);
        await Api.WaitUntilReadyAsync();
    }

    /// <summary>Starts (or starts again, after a kill) the worker named <paramref name="name"/> and waits until it is ready.</summary>
    public async Task StartWorkerAsync(string name)
    {
        if (_workers.TryRemove(name, out var old)) await old.DisposeAsync();
        var worker = await ServeProcess.StartAsync([.. Shared(), "--set", "PixArt:Server:Role=worker", "--set", $"PixArt:Server:Queue:WorkerName={name}"]);
        _workers[name] = worker;
        await worker.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var worker in _workers.Values) await worker.DisposeAsync();
        if (Api is not null) await Api.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}
