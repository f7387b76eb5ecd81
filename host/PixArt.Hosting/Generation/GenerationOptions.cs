using System.ComponentModel.DataAnnotations;

namespace PixArt.Hosting.Generation;

/// <summary>Settings of <c>PixArt:Generation</c>: what to generate when a request leaves it open.</summary>
public sealed class GenerationOptions : IValidatableObject
{
    /// <summary>Configuration section path.</summary>
    public const string SectionPath = "PixArt:Generation";

    /// <summary>Image width in pixels; 0 = the model's native size. Must be a multiple of codec downsample × patch size.</summary>
    [Range(0, 8192)]
    public int Width { get; set; }

    /// <summary>Image height in pixels; 0 = the model's native size.</summary>
    [Range(0, 8192)]
    public int Height { get; set; }

    /// <summary>Seed of the first image (image i uses Seed + i); null draws a random seed, which is reported and stored in the PNG.</summary>
    public long? Seed { get; set; }

    /// <summary>Images per prompt.</summary>
    [Range(1, 64)]
    public int NumImages { get; set; } = 1;

    /// <summary>Negative prompt for the unconditional branch (used when <see cref="Unconditional"/> is <c>negative-prompt</c>, or <c>auto</c> and non-empty).</summary>
    public string NegativePrompt { get; set; } = "";

    /// <summary>
    /// Unconditional branch of classifier-free guidance: <c>learned-null</c> (official PixArt: the model's learned null caption with
    /// the prompt's mask), <c>negative-prompt</c> (diffusers: the encoded negative prompt, "" by default), or <c>auto</c>
    /// (negative prompt when one is given or the checkpoint carries no learned null caption, else learned null).
    /// </summary>
    public string Unconditional { get; set; } = "auto";

    /// <summary>Snap the size to the nearest aspect-ratio bucket for multi-scale models, then resize/crop back (as diffusers does).</summary>
    public bool AspectRatioBinning { get; set; } = true;

    /// <summary>
    /// Where images are written (docs/cli.md): a <c>.png</c> file (several images get <c>-SEED</c> before the extension), an
    /// existing folder or one ending in <c>/</c> (images named <c>pixart-SEED.png</c>). Relative to the configuration file's folder.
    /// </summary>
    public string Output { get; set; } = "pixart.png";

    /// <summary>Replace existing image files; without it an existing target is refused before any work.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Allowed values of <see cref="Unconditional"/>.</summary>
    public static readonly string[] UnconditionalModes = { "auto", "learned-null", "negative-prompt" };

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!UnconditionalModes.Contains(Unconditional))
            yield return new ValidationResult($"allowed: {string.Join(", ", UnconditionalModes)}", new[] { nameof(Unconditional) });
        if (string.IsNullOrWhiteSpace(Output))
            yield return new ValidationResult("must name a .png file or a folder (ending in '/')", new[] { nameof(Output) });
    }
}
