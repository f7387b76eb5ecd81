namespace PixArt.Server.Tests.Infrastructure;

/// <summary>
/// One real <c>pixart serve</c> on loopback for the process tests, the OpenAI Node client and the browser: API keys on,
/// a queue of two, no batching (so a long job and two queued ones fill it), and URL responses from the job store.
/// </summary>
public sealed class ServeProcessFixture : IAsyncLifetime
{
    public const string Key = "process-test-key-0123456789";

    public ServeProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServeProcess.StartAsync("--api-key", Key,
            "--set", "PixArt:Server:QueueCapacity=2", "--set", "PixArt:Server:MaxBatchSize=1", "--set", "PixArt:Server:ImageStore=jobs");
        await Server.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServeProcessCollection : ICollectionFixture<ServeProcessFixture>
{
    public const string Name = "serve-process";
}
