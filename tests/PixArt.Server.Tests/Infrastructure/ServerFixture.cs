namespace PixArt.Server.Tests.Infrastructure;

/// <summary>One in-memory server with the default settings, shared by the API tests of the "server" collection.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public PixArtServerFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Factory.ReadyClientAsync();

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
