using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary>A worker as <c>GET /v1/workers</c> lists it (and as its heartbeat stores it in Redis).</summary>
public sealed record WorkerResource
{
    /// <summary>Its name (<c>PixArt:Server:Queue:WorkerName</c>, or host name and process id).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The device it generates on (<c>PixArt:Runtime:Device</c>).</summary>
    [JsonPropertyName("device")]
    public required string Device { get; init; }

    /// <summary>The dtype it computes in, as resolved on its machine (<c>float32</c>, <c>bfloat16</c>, <c>float16</c>); absent until its model is loaded.</summary>
    [JsonPropertyName("dtype")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DType { get; init; }

    /// <summary>The model it serves.</summary>
    [JsonPropertyName("model")]
    public required string Model { get; init; }

    /// <summary><c>starting</c>, <c>warming-up</c>, <c>ready</c>, <c>failed</c> or <c>stopped</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>The jobs it runs or holds now.</summary>
    [JsonPropertyName("jobs")]
    public IReadOnlyList<WorkerJob> Jobs { get; init; } = [];

    /// <summary>Recent seconds per denoising step (moving average), null before the first.</summary>
    [JsonPropertyName("seconds_per_step")]
    public double? SecondsPerStep { get; init; }

    /// <summary>When the worker's process started.</summary>
    [JsonPropertyName("started_at")]
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Its last heartbeat (now, for this process's own worker).</summary>
    [JsonPropertyName("last_seen")]
    public DateTimeOffset LastSeen { get; init; }
}

/// <summary>A job a worker holds.</summary>
/// <param name="Id">The job id.</param>
/// <param name="State"><c>queued</c> (taken, waiting for its pass) or <c>running</c>.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Total">Steps in all.</param>
public sealed record WorkerJob(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("step")] int Step,
    [property: JsonPropertyName("total")] int Total);

/// <summary>The answer of <c>GET /v1/workers</c>.</summary>
/// <param name="Workers">Every worker with a recent heartbeat (in-process: this one).</param>
public sealed record WorkerList([property: JsonPropertyName("workers")] IReadOnlyList<WorkerResource> Workers);
