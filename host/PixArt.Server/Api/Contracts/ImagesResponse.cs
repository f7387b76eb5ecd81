using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary>The answer of <c>POST /v1/images/generations</c>, shaped as OpenAI's.</summary>
/// <param name="Created">Unix time (seconds) of completion.</param>
/// <param name="Data">One entry per image.</param>
public sealed record ImagesResponse(
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("data")] IReadOnlyList<ImageData> Data);

/// <summary>One image of <see cref="ImagesResponse"/>: base64 PNG or URL, plus the seed and job that made it.</summary>
public sealed record ImageData
{
    /// <summary>The PNG, base64 (<c>response_format: b64_json</c>).</summary>
    [JsonPropertyName("b64_json")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? B64Json { get; init; }

    /// <summary>Where the PNG can be fetched while the job is retained (<c>response_format: url</c>).</summary>
    [JsonPropertyName("url")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Url { get; init; }

    /// <summary>The seed of this image.</summary>
    [JsonPropertyName("seed")]
    public long Seed { get; init; }

    /// <summary>The job that made it.</summary>
    [JsonPropertyName("job_id")]
    public string JobId { get; init; } = "";
}
