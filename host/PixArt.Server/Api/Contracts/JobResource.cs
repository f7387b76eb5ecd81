using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary>A job as <c>GET /v1/jobs/{id}</c> (and <c>POST /v1/jobs</c>, <c>DELETE</c>) shows it.</summary>
public sealed record JobResource
{
    /// <summary>The job id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Always <c>pixart.job</c>.</summary>
    [JsonPropertyName("object")]
    public string Object { get; init; } = "pixart.job";

    /// <summary><c>queued</c>, <c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }

    /// <summary>1-based position among queued jobs (queued jobs only).</summary>
    [JsonPropertyName("position")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Position { get; init; }

    /// <summary>Denoising steps done.</summary>
    [JsonPropertyName("step")]
    public int Step { get; init; }

    /// <summary>Denoising steps in all.</summary>
    [JsonPropertyName("total")]
    public int Total { get; init; }

    /// <summary>Estimated seconds until the job finishes (queued and running jobs, once a step was timed).</summary>
    [JsonPropertyName("eta_seconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? EtaSeconds { get; init; }

    /// <summary>When the job was accepted.</summary>
    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it started running.</summary>
    [JsonPropertyName("started_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    [JsonPropertyName("finished_at")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The worker that runs or ran it (<c>GET /v1/workers</c> lists them).</summary>
    [JsonPropertyName("worker")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Worker { get; init; }

    /// <summary>Why it failed or was cancelled.</summary>
    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    /// <summary>What the job generates.</summary>
    [JsonPropertyName("parameters")]
    public required JobParameters Parameters { get; init; }

    /// <summary>The images (completed jobs).</summary>
    [JsonPropertyName("images")]
    public IReadOnlyList<JobImageLink> Images { get; init; } = [];

    /// <summary>Where to follow the job.</summary>
    [JsonPropertyName("links")]
    public required JobLinks Links { get; init; }
}

/// <summary>The settings a job runs with, every default applied.</summary>
public sealed record JobParameters(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("negative_prompt")] string NegativePrompt,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("sampler")] string Sampler,
    [property: JsonPropertyName("steps")] int Steps,
    [property: JsonPropertyName("guidance_scale")] double GuidanceScale,
    [property: JsonPropertyName("seed")] long Seed);

/// <summary>One image of a completed job.</summary>
public sealed record JobImageLink(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("url")] string Url);

/// <summary>Links of a job.</summary>
public sealed record JobLinks(
    [property: JsonPropertyName("self")] string Self,
    [property: JsonPropertyName("events")] string Events);
