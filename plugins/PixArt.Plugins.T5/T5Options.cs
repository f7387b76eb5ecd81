using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.T5;

/// <summary>Options of the <c>t5</c> text encoder (configuration section <c>PixArt:TextEncoder</c>).</summary>
public sealed class T5Options : IValidatableObject
{
    /// <summary>
    /// The Hugging Face <c>text_encoder</c> folder: <c>config.json</c> plus <c>model.safetensors</c> or a sharded
    /// <c>model.safetensors.index.json</c>. Relative paths resolve against the configuration file's folder.
    /// </summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>
    /// The folder holding <c>spiece.model</c>, or the file itself. Default: <see cref="Path"/> when <c>spiece.model</c> is
    /// there, else the sibling <c>tokenizer</c> folder (Hugging Face pipeline layout).
    /// </summary>
    public string? TokenizerPath { get; set; }

    /// <summary>Tokens per prompt, EOS included; longer prompts keep <c>MaxLength − 1</c> pieces (PixArt: 120). Range 2–4096.</summary>
    [Range(2, 4096)]
    public int MaxLength { get; set; } = 120;

    /// <summary>
    /// Build the encoder from <c>config.json</c> with random weights instead of loading any (benchmarks and smoke tests: its
    /// embeddings mean nothing). Default false.
    /// </summary>
    public bool RandomWeights { get; set; }

    /// <summary>Apply the DeepFloyd-IF caption cleaning twice (as PixArt training did); false: only lower-case and trim.</summary>
    public bool CleanCaption { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
            yield return new ValidationResult("Path must name the T5 text_encoder folder (config.json + safetensors weights)", new[] { nameof(Path) });
        if (TokenizerPath is not null && string.IsNullOrWhiteSpace(TokenizerPath))
            yield return new ValidationResult("TokenizerPath, when set, must name a folder holding spiece.model or the file itself", new[] { nameof(TokenizerPath) });
    }
}
