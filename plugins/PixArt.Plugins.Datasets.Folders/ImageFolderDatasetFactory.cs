using System.Globalization;
using PixArt.Abstractions.Data;
using PixArt.Abstractions.Runtime;
using PixArt.Plugins.Datasets.Folders.Images;
using PixArt.Plugins.Datasets.Folders.Indexing;

namespace PixArt.Plugins.Datasets.Folders;

/// <summary>
/// Opens an <c>image-folder</c> data set (<see cref="ImageFolderOptions"/>): reads <c>captions.jsonl</c> and the optional
/// class names, keeps the records the filters select, and reads each image's header; malformed records and unusable
/// images go to <see cref="IDataset.Skipped"/> with the reason.
/// </summary>
public sealed class ImageFolderDatasetFactory : IDatasetFactory
{
    /// <inheritdoc />
    public IDataset Create(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.GetOptions<ImageFolderOptions>();
        DatasetFolder.ThrowIfInvalid(context, options);
        var folder = DatasetFolder.Require(context, options);

        var classNames = options.Classes is null ? Array.Empty<string>() : ReadClassNames(context, folder, options.Classes);
        var index = Path.Combine(folder, options.Captions);
        if (!File.Exists(index))
            throw new FileNotFoundException($"{DatasetFolder.Key(context, "Captions")}: '{index}' does not exist; allowed: a JSON-lines file inside Path, one object per image " +
                "({\"file\": \"images/a.png\", \"caption\": \"...\", \"class\": 0})", index);
        var filter = RecordFilter.From(options);
        var records = CaptionIndex.Read(index, options.Captions.Replace('\\', '/'), folder, options.Classes is null ? null : classNames.Count, filter);

        if (records.Records > 0 && records.Kept.Count == 0 && !filter.IsEmpty)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{string.Join(", ", filter.OptionKeys.Select(k => DatasetFolder.Key(context, k)))}: none of the {records.Records} records of '{index}' has {filter.Describe()}; " +
                $"allowed: values the records' fields take (compared as text), or no filter"));

        var reader = new ImageReader(ImageLimits.From(options));
        var (entries, refused) = HeaderScan.Run(records.Kept, reader);
        var problems = records.Problems.Concat(refused).ToList();
        if (entries.Count == 0)
            throw DatasetFolder.Empty(context, options, folder, reader, problems,
                string.Create(CultureInfo.InvariantCulture, $"{records.Records} well-formed records in {options.Captions}, {records.FilteredOut} filtered out"));
        return new FolderDataset(entries, classNames, problems, reader);
    }

    private static IReadOnlyList<string> ReadClassNames(ComponentContext context, string folder, string classes)
    {
        var file = Path.Combine(folder, classes);
        var key = DatasetFolder.Key(context, "Classes");
        if (!File.Exists(file))
            throw new FileNotFoundException($"{key}: '{file}' does not exist; allowed: a classes file inside Path ({ClassNamesFile.Allowed})", file);
        try
        {
            return ClassNamesFile.Read(file);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{key}: '{file}': {e.Message}; allowed: {ClassNamesFile.Allowed}", e);
        }
    }
}
