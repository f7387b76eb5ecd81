using Microsoft.Extensions.Options;
using PixArt.Hosting.Runtime;
using PixArt.Server.Options;

namespace PixArt.Server.Worker;

/// <summary>Who this process's worker is, as jobs (<c>worker</c>) and <c>GET /v1/workers</c> name it.</summary>
public sealed class WorkerIdentity(IOptions<QueueOptions> queue, IOptions<RuntimeOptions> runtime)
{
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    /// <summary><c>PixArt:Server:Queue:WorkerName</c>, or host name and process id.</summary>
    public string Name => queue.Value.ResolvedWorkerName;

    /// <summary>The device it generates on (<c>PixArt:Runtime:Device</c>, e.g. <c>cpu</c>, <c>cuda:0</c>).</summary>
    public string Device => runtime.Value.Device;

    /// <summary>When the process started.</summary>
    public DateTimeOffset StartedAt => _startedAt;
}
