using System.Text.Json;

namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>
/// <see cref="ImageFolderOptions.Split"/> and <see cref="ImageFolderOptions.Where"/>: a record is kept when every named
/// field is present and equals the value as text (strings as they are, booleans in any letter case because configuration
/// files turn <c>true</c> into <c>True</c>, anything else as its JSON text).
/// </summary>
internal sealed class RecordFilter
{
    private readonly IReadOnlyList<(string Field, string Value, string Option)> _conditions;

    private RecordFilter(IReadOnlyList<(string, string, string)> conditions) => _conditions = conditions;

    public static RecordFilter From(ImageFolderOptions options)
    {
        var conditions = new List<(string, string, string)>();
        if (options.Split is not null) conditions.Add(("split", options.Split, nameof(ImageFolderOptions.Split)));
        foreach (var (field, value) in (options.Where ?? new()).OrderBy(w => w.Key, StringComparer.Ordinal))
            conditions.Add((field, value, $"{nameof(ImageFolderOptions.Where)}:{field}"));
        return new RecordFilter(conditions);
    }

    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>The option keys involved (<c>Split</c>, <c>Where:aesthetic</c>), for messages.</summary>
    public IEnumerable<string> OptionKeys => _conditions.Select(c => c.Option);

    /// <summary>The conditions in words, e.g. <c>split = 'train', aesthetic = 'true'</c>.</summary>
    public string Describe() => string.Join(", ", _conditions.Select(c => $"{c.Field} = '{c.Value}'"));

    public bool Matches(JsonElement record)
    {
        foreach (var (field, value, _) in _conditions)
            if (!record.TryGetProperty(field, out var actual) || !TextEquals(actual, value)) return false;
        return true;
    }

    private static bool TextEquals(JsonElement actual, string expected) => actual.ValueKind switch
    {
        JsonValueKind.String => string.Equals(actual.GetString(), expected, StringComparison.Ordinal),
        JsonValueKind.True or JsonValueKind.False => string.Equals(actual.GetRawText(), expected, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(actual.GetRawText(), expected, StringComparison.Ordinal),
    };
}
