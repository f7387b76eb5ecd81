using PixArt.Server.Queue.Redis;
using PixArt.Server.Tests.Infrastructure;
using StackExchange.Redis;

namespace PixArt.Server.Tests.Redis;

/// <summary>
/// The shared job state machine (<see cref="RedisScripts"/>) run in a real redis-server, one step at a time, for what the
/// process tests cannot force: the attempt cap, writes by a worker that no longer holds the job, the capacity bound,
/// cancellation of a held and of a waiting job, and a shutdown's hand-back.
/// </summary>
public sealed class RedisScriptTests : IAsyncLifetime
{
    private const string Group = "workers";
    private static readonly RedisKeys Keys = new("test");
    private RedisServer? _server;
    private ConnectionMultiplexer? _redis;

    private IDatabase Db => _redis!.GetDatabase();

    public async Task InitializeAsync()
    {
        if (RedisServer.Executable is null) return;
        _server = await RedisServer.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(_server.Connection);
        await Db.StreamCreateConsumerGroupAsync(Keys.Jobs, Group, StreamPosition.Beginning, createStream: true);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }

    [SkippableFact]
    public async Task AJobIsStartedAtMostMaxAttemptsTimesThenFailsWithTheReason()
    {
        Skip.If(_server is null, RedisServer.Missing);
        Assert.Equal(1, (int)await EnqueueAsync("job_a", capacity: 10));
        var entry = await ReadAsync("w1");

        Assert.Equal(["run", "1"], (await ClaimAsync("w1", "job_a", entry, maxAttempts: 2))[..2]);
        // w1 stops responding; w2 claims the entry.
        Assert.Equal(["run", "2"], (await ClaimAsync("w2", "job_a", entry, maxAttempts: 2))[..2]);
        Assert.Contains("requeued: worker w1 stopped responding (attempt 2 of 2)", await EventMessagesAsync("job_a"));
        // w2 dies too: the cap is reached.
        Assert.Equal(["failed", "gave up after 2 attempt(s): worker w2 stopped responding"], await ClaimAsync("w3", "job_a", entry, maxAttempts: 2));
        Assert.Equal("failed", (string?)await Db.HashGetAsync(Keys.Job("job_a"), "state"));
        Assert.Equal(0, await Db.StreamLengthAsync(Keys.Jobs));
        Assert.Equal(0, (await Db.StreamPendingAsync(Keys.Jobs, Group)).PendingMessageCount);
        // A worker that was presumed dead may not write any more.
        Assert.Equal(0, await FinishAsync("job_a", "w2", "2", entry, "completed"));
    }

    [SkippableFact]
    public async Task OnlyTheHolderWritesAndTheStreamIsBoundedByTheCapacity()
    {
        Skip.If(_server is null, RedisServer.Missing);
        Assert.Equal(1, (int)await EnqueueAsync("job_b", capacity: 1));
        Assert.True((await EnqueueAsync("job_c", capacity: 1)).IsNull); // full: refused, nothing written
        Assert.False(await Db.KeyExistsAsync(Keys.Job("job_c")));
        var entry = await ReadAsync("w1");
        Assert.Equal("run", (await ClaimAsync("w1", "job_b", entry, maxAttempts: 3))[0]);

        Assert.Equal(0, (int)await AppendAsync("w2", "1", "started"));
        Assert.Equal(0, (int)await AppendAsync("w1", "2", "started"));
        Assert.Equal(1, (int)await AppendAsync("w1", "1", "started"));
        Assert.Equal("running", (string?)await Db.HashGetAsync(Keys.Job("job_b"), "state"));
        Assert.Equal(1, await FinishAsync("job_b", "w1", "1", entry, "completed", image: [1, 2, 3]));

        Assert.Equal("completed", (string?)await Db.HashGetAsync(Keys.Job("job_b"), "state"));
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[]?)await Db.HashGetAsync(Keys.Images("job_b"), "0"));
        Assert.Equal(0, await Db.StreamLengthAsync(Keys.Jobs));
        Assert.InRange((await Db.KeyTimeToLiveAsync(Keys.Images("job_b")))!.Value.TotalSeconds, 1, 60);
        Assert.Equal(1, (int)await EnqueueAsync("job_c", capacity: 1)); // room again
    }

    [SkippableFact]
    public async Task CancelRemovesAWaitingJobFlagsAHeldOneAndAShutdownHandsBackTheRest()
    {
        Skip.If(_server is null, RedisServer.Missing);
        await EnqueueAsync("job_d", capacity: 10);
        await EnqueueAsync("job_e", capacity: 10);
        await EnqueueAsync("job_f", capacity: 10);
        Assert.Equal("removed", await CancelAsync("job_d"));
        Assert.Equal("cancelled", (string?)await Db.HashGetAsync(Keys.Job("job_d"), "state"));
        Assert.Equal(2, await Db.StreamLengthAsync(Keys.Jobs));

        var entries = await Db.StreamReadGroupAsync(Keys.Jobs, Group, "w1", StreamPosition.NewMessages, 10);
        Assert.Equal(["job_e", "job_f"], entries.Select(e => e["job"].ToString()));
        var (e, f) = (entries[0].Id.ToString(), entries[1].Id.ToString());
        await ClaimAsync("w1", "job_e", e, 3);
        await ClaimAsync("w1", "job_f", f, 3);
        Assert.Equal("stopping", await CancelAsync("job_e"));
        Assert.Equal("cancelled by the test", (string?)await Db.HashGetAsync(Keys.Job("job_e"), "cancel"));
        Assert.Equal("finished", await CancelAsync("job_d"));

        // w1 shuts down: the job a client cancelled ends cancelled; the other goes back to the queue, not counted as an attempt.
        Assert.Equal(1, await ReleaseAsync("w1", e, "job_e"));
        Assert.Equal("cancelled", (string?)await Db.HashGetAsync(Keys.Job("job_e"), "state"));
        Assert.Equal(2, await ReleaseAsync("w1", f, "job_f"));
        Assert.Equal("queued", (string?)await Db.HashGetAsync(Keys.Job("job_f"), "state"));
        Assert.Equal(0, (int)await Db.HashGetAsync(Keys.Job("job_f"), "attempts"));
        var again = await ReadAsync("w2");
        Assert.NotEqual(f, again);
        Assert.Equal(["run", "1"], (await ClaimAsync("w2", "job_f", again, 3))[..2]);
        Assert.Equal(["skip"], await ClaimAsync("w3", "job_f", f, 3)); // the old entry is stale
    }

    private Task<RedisResult> EnqueueAsync(string id, int capacity) =>
        Db.ScriptEvaluateAsync(RedisScripts.Enqueue, [Keys.Jobs, Keys.Job(id), Keys.Events(id)], [capacity, id, "{}", 0, 1000]);

    private async Task<string> ReadAsync(string worker) =>
        Assert.Single(await Db.StreamReadGroupAsync(Keys.Jobs, Group, worker, StreamPosition.NewMessages, 1)).Id.ToString();

    private async Task<string[]> ClaimAsync(string worker, string id, string entry, int maxAttempts)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(RedisScripts.Claim, [Keys.Jobs, Keys.Job(id), Keys.Events(id)], [worker, entry, maxAttempts, 2000, Group, 60]))!;
        return result.Select(r => r.ToString()).ToArray();
    }

    private Task<RedisResult> AppendAsync(string worker, string attempt, string kind) =>
        Db.ScriptEvaluateAsync(RedisScripts.Append, [Keys.Job("job_b"), Keys.Events("job_b")], [worker, attempt, kind, 3000, 0, 10, worker, ""]);

    private async Task<int> FinishAsync(string id, string worker, string attempt, string entry, string state, byte[]? image = null)
    {
        RedisValue[] images = image is null ? [0] : [1, image, "{}"];
        return (int)await Db.ScriptEvaluateAsync(RedisScripts.Finish, [Keys.Jobs, Keys.Job(id), Keys.Events(id), Keys.Images(id)],
            [worker, attempt, state, 4000, "", 10, 10, Group, entry, 60, .. images]);
    }

    private async Task<string> CancelAsync(string id) =>
        (await Db.ScriptEvaluateAsync(RedisScripts.Cancel, [Keys.Jobs, Keys.Job(id), Keys.Events(id)], ["cancelled by the test", 5000, 60, Keys.Cancel.ToString(), id])).ToString();

    private async Task<int> ReleaseAsync(string worker, string entry, string id) =>
        (int)await Db.ScriptEvaluateAsync(RedisScripts.Release, [Keys.Jobs, Keys.Job(id), Keys.Events(id)], [worker, "1", 6000, "requeued: worker w1 shut down", Group, entry, id, 60]);

    private async Task<List<string>> EventMessagesAsync(string id) =>
        (await Db.StreamRangeAsync(Keys.Events(id))).Where(e => !e["message"].IsNull).Select(e => e["message"].ToString()).ToList();
}
