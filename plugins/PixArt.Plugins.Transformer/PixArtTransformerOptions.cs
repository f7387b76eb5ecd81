using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.Transformer;

/// <summary>
/// Options of the <c>pixart-transformer</c> denoiser. Dimensions come, in increasing precedence, from the built-in
/// defaults (PixArt-XL-2 at 512 px), the <see cref="Preset"/>, the diffusers <c>config.json</c> beside
/// <see cref="Weights"/>, and the explicit dimension options below.
/// </summary>
public sealed class PixArtTransformerOptions : IValidatableObject
{
    /// <summary>Allowed <see cref="Preset"/> values.</summary>
    public static readonly string[] Presets = { "XL-2-256", "XL-2-512", "XL-2-1024-MS" };

    /// <summary>Allowed <see cref="WeightsLayout"/> values.</summary>
    public static readonly string[] Layouts = { "auto", "diffusers", "official", "native" };

    /// <summary>Architecture preset: <c>XL-2-256</c>, <c>XL-2-512</c>, <c>XL-2-1024-MS</c>, or null (defaults / config.json / explicit dims).</summary>
    public string? Preset { get; set; }

    /// <summary>Token width C (XL: 1152).</summary>
    [Range(1, 65536, ErrorMessage = "HiddenSize must be between 1 and 65536")]
    public int? HiddenSize { get; set; }

    /// <summary>Number of transformer blocks (XL: 28).</summary>
    [Range(1, 1024, ErrorMessage = "Depth must be between 1 and 1024")]
    public int? Depth { get; set; }

    /// <summary>Attention heads (XL: 16); must divide <see cref="HiddenSize"/>.</summary>
    [Range(1, 1024, ErrorMessage = "Heads must be between 1 and 1024")]
    public int? Heads { get; set; }

    /// <summary>Latent pixels per token side (2).</summary>
    [Range(1, 64, ErrorMessage = "PatchSize must be between 1 and 64")]
    public int? PatchSize { get; set; }

    /// <summary>Latent channels in (4).</summary>
    [Range(1, 1024, ErrorMessage = "InChannels must be between 1 and 1024")]
    public int? InChannels { get; set; }

    /// <summary>Channels out; defaults to 2×InChannels with learned σ, else InChannels.</summary>
    [Range(1, 2048, ErrorMessage = "OutChannels must be between 1 and 2048")]
    public int? OutChannels { get; set; }

    /// <summary>Whether the model predicts the variance too (doubles the output channels). Default true.</summary>
    public bool? LearnSigma { get; set; }

    /// <summary>Latent size the model was built for (256 px: 32, 512: 64, 1024: 128); sets the positional-embedding base.</summary>
    [Range(1, 4096, ErrorMessage = "SampleSize must be between 1 and 4096")]
    public int? SampleSize { get; set; }

    /// <summary>Text-encoder feature width (T5-XXL: 4096).</summary>
    [Range(1, 65536, ErrorMessage = "CaptionChannels must be between 1 and 65536")]
    public int? CaptionChannels { get; set; }

    /// <summary>Tokens of the learned null caption (120); taken from the checkpoint when it holds one.</summary>
    [Range(1, 4096, ErrorMessage = "CaptionTokens must be between 1 and 4096")]
    public int? CaptionTokens { get; set; }

    /// <summary>Positional-embedding interpolation scale (official <c>lewei_scale</c>); default max(SampleSize / 64, 1).</summary>
    [Range(1e-6, 1e6, ErrorMessage = "InterpolationScale must be positive")]
    public double? InterpolationScale { get; set; }

    /// <summary>Checkpoint: a file (.safetensors, .pth, sharded index) or a folder (diffusers component folder with config.json). Null: random init.</summary>
    public string? Weights { get; set; }

    /// <summary>Key layout of <see cref="Weights"/>: <c>auto</c> (detected from the keys), <c>diffusers</c>, <c>official</c> or <c>native</c>.</summary>
    public string WeightsLayout { get; set; } = "auto";

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Preset is not null && !Presets.Contains(Preset, StringComparer.OrdinalIgnoreCase))
            yield return new ValidationResult($"Preset '{Preset}' is unknown; allowed: {string.Join(", ", Presets)} (or leave it unset)", new[] { nameof(Preset) });
        if (!Layouts.Contains(WeightsLayout, StringComparer.OrdinalIgnoreCase))
            yield return new ValidationResult($"WeightsLayout '{WeightsLayout}' is unknown; allowed: {string.Join(", ", Layouts)}", new[] { nameof(WeightsLayout) });
        if (HiddenSize is int c && Heads is int h && c % h != 0)
            yield return new ValidationResult($"HiddenSize {c} must be divisible by Heads {h}", new[] { nameof(HiddenSize), nameof(Heads) });
        if (OutChannels is int o && InChannels is int i && LearnSigma is bool sigma && o != (sigma ? 2 * i : i))
            yield return new ValidationResult(
                $"OutChannels {o} contradicts LearnSigma={sigma} with InChannels {i} (expected {(sigma ? 2 * i : i)})", new[] { nameof(OutChannels), nameof(LearnSigma) });
    }
}
