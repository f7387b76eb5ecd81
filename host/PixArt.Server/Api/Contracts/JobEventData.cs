using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary>
/// The data of one server-sent event of <c>GET /v1/jobs/{id}/events</c>; the SSE event type is the kind (<c>queued</c>,
/// <c>started</c>, <c>progress</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>) and the SSE id its sequence number.
/// </summary>
public sealed record JobEventData
{
    /// <summary>The job id.</summary>
    [JsonPropertyName("job_id")]
    public required string JobId { get; init; }

    /// <summary>The event kind (also the SSE event type).</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>Steps done.</summary>
    [JsonPropertyName("step")]
    public int Step { get; init; }

    /// <summary>Steps in all.</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; }

    /// <summary>Queue position (queued).</summary>
    [JsonPropertyName("position")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Position { get; init; }

    /// <summary>A low-resolution preview as a <c>data:image/png;base64,</c> URL (some progress events).</summary>
    [JsonPropertyName("preview")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Preview { get; init; }

    /// <summary>The images (completed).</summary>
    [JsonPropertyName("images")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JobImageLink>? Images { get; init; }

    /// <summary>The worker that runs the job (started).</summary>
    [JsonPropertyName("worker")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Worker { get; init; }

    /// <summary>Error or cancellation reason; on a later queued event, why the job was requeued.</summary>
    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    /// <summary>When it happened.</summary>
    [JsonPropertyName("at")]
    public DateTimeOffset At { get; init; }
}
