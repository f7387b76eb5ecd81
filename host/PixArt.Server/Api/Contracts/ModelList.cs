using System.Text.Json.Serialization;

namespace PixArt.Server.Api.Contracts;

/// <summary><c>GET /v1/models</c>, shaped as OpenAI's list.</summary>
public sealed record ModelList(
    [property: JsonPropertyName("data")] IReadOnlyList<ModelEntry> Data)
{
    /// <summary>Always <c>list</c>.</summary>
    [JsonPropertyName("object")]
    public string Object => "list";
}

/// <summary>The served model, with what a request may ask of it.</summary>
public sealed record ModelEntry
{
    /// <summary>The model id (what <c>model</c> may name).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>Always <c>model</c>.</summary>
    [JsonPropertyName("object")]
    public string Object => "model";

    /// <summary>Unix time the server started.</summary>
    [JsonPropertyName("created")]
    public long Created { get; init; }

    /// <summary>Always <c>pixart</c>.</summary>
    [JsonPropertyName("owned_by")]
    public string OwnedBy => "pixart";

    /// <summary>Native image side in pixels.</summary>
    [JsonPropertyName("native_size")]
    public int NativeSize { get; init; }

    /// <summary>Image sides must be multiples of this.</summary>
    [JsonPropertyName("size_multiple")]
    public int SizeMultiple { get; init; }

    /// <summary>Sampler ids a request may name.</summary>
    [JsonPropertyName("samplers")]
    public IReadOnlyList<string> Samplers { get; init; } = [];

    /// <summary>The sampler used when a request names none.</summary>
    [JsonPropertyName("default_sampler")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DefaultSampler { get; init; }

    /// <summary>The request limits in force.</summary>
    [JsonPropertyName("limits")]
    public required RequestLimits Limits { get; init; }
}

/// <summary>What a request may ask for.</summary>
public sealed record RequestLimits(
    [property: JsonPropertyName("max_prompt_length")] int MaxPromptLength,
    [property: JsonPropertyName("max_n")] int MaxN,
    [property: JsonPropertyName("max_steps")] int MaxSteps,
    [property: JsonPropertyName("max_side")] int MaxSide,
    [property: JsonPropertyName("max_guidance_scale")] double MaxGuidanceScale);
