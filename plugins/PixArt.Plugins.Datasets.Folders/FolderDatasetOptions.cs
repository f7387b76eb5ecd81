using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>Options both folder data sets share: where the folder is and how large an image may be.</summary>
public abstract class FolderDatasetOptions : IValidatableObject
{
    /// <summary>Default <see cref="MaxImageSide"/>.</summary>
    public const int DefaultMaxImageSide = 4096;

    /// <summary>Default <see cref="MaxImagePixels"/>: 16 Mi pixels (4096²).</summary>
    public const int DefaultMaxImagePixels = 16 * 1024 * 1024;

    /// <summary>Largest accepted <see cref="MaxImagePixels"/>: 256 Mi pixels (1 GiB as RGBA).</summary>
    public const int MaxImagePixelsLimit = 256 * 1024 * 1024;

    /// <summary>The data set folder. Relative paths resolve against the configuration file's folder. Required.</summary>
    public string Path { get; set; } = "";

    /// <summary>
    /// Largest width or height an image may have, read from its header; larger images are skipped when the data set is
    /// opened and never decoded. Range 1–65535, default 4096.
    /// </summary>
    [Range(1, 65535)]
    public int MaxImageSide { get; set; } = DefaultMaxImageSide;

    /// <summary>
    /// Largest width × height an image may have (header), and the largest scaled image a fit may produce. Range
    /// 1–268435456, default 16777216 (4096²).
    /// </summary>
    [Range(1, MaxImagePixelsLimit)]
    public int MaxImagePixels { get; set; } = DefaultMaxImagePixels;

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Path))
            yield return new ValidationResult($"Path must name the data set folder ({FolderDescription})", new[] { nameof(Path) });
    }

    /// <summary>What the folder must hold, for messages.</summary>
    protected internal abstract string FolderDescription { get; }
}
