using System.ComponentModel.DataAnnotations;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>Options of the <c>image-folder</c> data set (a <c>PixArt:Training</c> data set section with <c>"Type": "image-folder"</c>).</summary>
public sealed class ImageFolderOptions : FolderDatasetOptions
{
    /// <summary>The index file, relative to <see cref="FolderDatasetOptions.Path"/>. Default <c>captions.jsonl</c>.</summary>
    public string Captions { get; set; } = "captions.jsonl";

    /// <summary>
    /// Optional class-name file, relative to <see cref="FolderDatasetOptions.Path"/>: the emoji format
    /// <c>{"classes":[{"index":0,"name":"..."}, ...]}</c> or a JSON array of names. When set, every record's
    /// <c>class</c> must be an index into it. Default: none (no class names).
    /// </summary>
    public string? Classes { get; set; }

    /// <summary>Optional: keep only records whose <c>split</c> field equals this (e.g. <c>train</c>). Default: all records.</summary>
    public string? Split { get; set; }

    /// <summary>
    /// Optional field filters: keep only records whose field, as text, equals the value (e.g. <c>{"aesthetic": "true"}</c>).
    /// Strings compare as they are; numbers as their JSON text; booleans as <c>true</c>/<c>false</c> in any letter case.
    /// All filters must match. Default: none.
    /// </summary>
    public Dictionary<string, string> Where { get; set; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    protected internal override string FolderDescription => "a folder holding captions.jsonl and the images it names";

    /// <inheritdoc />
    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext)) yield return result;
        if (string.IsNullOrWhiteSpace(Captions))
            yield return new ValidationResult("Captions must name the JSON-lines index inside Path (default captions.jsonl)", new[] { nameof(Captions) });
        if (Classes is not null && string.IsNullOrWhiteSpace(Classes))
            yield return new ValidationResult("Classes, when set, must name a classes.json inside Path ({\"classes\":[{\"index\":0,\"name\":\"...\"}]} or [\"name\", ...])", new[] { nameof(Classes) });
        if (Split is not null && string.IsNullOrWhiteSpace(Split))
            yield return new ValidationResult("Split, when set, must be the value of the records' split field to keep (e.g. train)", new[] { nameof(Split) });
        foreach (var (field, value) in Where ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(field))
                yield return new ValidationResult("Where keys must be field names of captions.jsonl records", new[] { nameof(Where) });
            else if (value is null)
                yield return new ValidationResult($"Where:{field} needs a value to compare the field with (e.g. \"true\")", new[] { nameof(Where) });
        }
    }
}
