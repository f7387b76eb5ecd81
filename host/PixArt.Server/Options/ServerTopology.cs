using Microsoft.Extensions.Configuration;

namespace PixArt.Server.Options;

/// <summary>
/// What this process runs, decided once from the raw keys <c>PixArt:Server:Queue:Type</c> and <c>PixArt:Server:Role</c>
/// (service registration happens before options are bound; bad values are reported with their keys at start by
/// <see cref="QueueSection"/> and the <c>PixArt:Server</c> check). A role other than <c>both</c> applies only with a shared
/// queue: in-process, this process always accepts and generates.
/// </summary>
/// <param name="UsesRedis">The queue is Redis.</param>
/// <param name="Generates">This process runs a generation worker (<c>both</c> or <c>worker</c>).</param>
/// <param name="ServesApi">This process serves the <c>/v1</c> API and the web page (<c>both</c> or <c>api</c>).</param>
public sealed record ServerTopology(bool UsesRedis, bool Generates, bool ServesApi)
{
    /// <summary>The topology <paramref name="configuration"/> asks for.</summary>
    public static ServerTopology From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var usesRedis = string.Equals(configuration[$"{QueueOptions.SectionPath}:Type"]?.Trim(), QueueOptions.Redis, StringComparison.OrdinalIgnoreCase);
        var role = configuration[$"{ServerOptions.SectionPath}:{nameof(ServerOptions.Role)}"]?.Trim().ToLowerInvariant();
        return new ServerTopology(usesRedis, !usesRedis || role != "api", !usesRedis || role != "worker");
    }
}
