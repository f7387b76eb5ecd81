using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary>
/// The body of <c>POST /v1/images/generations</c> (OpenAI's fields plus PixArt's) and of <c>POST /v1/jobs</c>. Unknown
/// fields (OpenAI's <c>quality</c>, <c>style</c>, <c>user</c>, ...) are ignored; file paths are never accepted.
/// </summary>
public sealed record ImageGenerationBody
{
    /// <summary>The text to generate from (required).</summary>
    [JsonPropertyName("prompt")]
    public string? Prompt { get; init; }

    /// <summary>Images to make (default 1).</summary>
    [JsonPropertyName("n")]
    public int? N { get; init; }

    /// <summary><c>WxH</c> in pixels, e.g. <c>256x256</c>, or <c>auto</c> (default) for the model's native size.</summary>
    [JsonPropertyName("size")]
    public string? Size { get; init; }

    /// <summary><c>b64_json</c> (default) or <c>url</c> (only with an image store, <c>PixArt:Server:ImageStore</c>); generations only.</summary>
    [JsonPropertyName("response_format")]
    public string? ResponseFormat { get; init; }

    /// <summary>The model id from <c>GET /v1/models</c>; optional, as only one model is served.</summary>
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    /// <summary>Negative prompt (the unconditional branch of guidance).</summary>
    [JsonPropertyName("negative_prompt")]
    public string? NegativePrompt { get; init; }

    /// <summary>Sampler id, e.g. <c>dpm-solver</c>, <c>sa-solver</c>, <c>ddim</c> (default: the configured one).</summary>
    [JsonPropertyName("sampler")]
    public string? Sampler { get; init; }

    /// <summary>Inference steps (default: the configured number).</summary>
    [JsonPropertyName("steps")]
    public int? Steps { get; init; }

    /// <summary>Classifier-free guidance scale; 1 or less turns guidance off.</summary>
    [JsonPropertyName("guidance_scale")]
    public double? GuidanceScale { get; init; }

    /// <summary>Seed of the first image (image i uses seed + i); -1 or absent draws one (reported with the images).</summary>
    [JsonPropertyName("seed")]
    public long? Seed { get; init; }

    /// <summary>Jobs only: a low-resolution preview on the progress event every this many steps (0: none).</summary>
    [JsonPropertyName("preview_every")]
    public int? PreviewEvery { get; init; }
}
