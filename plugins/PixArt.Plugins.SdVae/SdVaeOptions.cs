using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.SdVae;

/// <summary>Options of the <c>sd-vae</c> latent codec (bound from the selecting section, e.g. <c>PixArt:Codec</c>).</summary>
public sealed class SdVaeOptions : IValidatableObject
{
    /// <summary>
    /// The VAE: a diffusers <c>AutoencoderKL</c> folder (<c>config.json</c> + <c>diffusion_pytorch_model.safetensors</c>
    /// or <c>.bin</c>), a model folder holding such a <c>vae/</c> subfolder, or a single weight file with
    /// <c>config.json</c> beside it. Relative paths are resolved against the configuration file's folder.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Path is required: the VAE folder (config.json + weights) or weight file")]
    public string Path { get; set; } = "";

    /// <summary>Overrides <c>scaling_factor</c> of <c>config.json</c> when set; must be positive. Default: from the config (0.18215 for SD).</summary>
    public double? ScalingFactor { get; set; }

    /// <summary>
    /// Build the VAE from <c>config.json</c> with random weights instead of loading any (benchmarks and smoke tests: its
    /// images mean nothing). Default false.
    /// </summary>
    public bool RandomWeights { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ScalingFactor is { } s && (!double.IsFinite(s) || s <= 0))
            yield return new ValidationResult($"ScalingFactor must be a positive finite number or unset (got {s})", new[] { nameof(ScalingFactor) });
    }
}
