using System.Globalization;
using System.Text.Json;
using PixArt.Abstractions.Data;

namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>
/// Reads <c>captions.jsonl</c>: one JSON object per line with <c>file</c> (required, relative, inside the folder),
/// optional <c>caption</c> (string) and <c>class</c> (integer ≥ 0, below the class count when class names are known),
/// any other fields. Blank lines are ignored. A bad line becomes a problem keyed <c>captions.jsonl:LINE</c>; the
/// filter then picks the records to keep.
/// </summary>
internal static class CaptionIndex
{
    /// <param name="Kept">Records that are well-formed and pass the filter, in file order.</param>
    /// <param name="Problems">Malformed records.</param>
    /// <param name="Records">Well-formed records.</param>
    /// <param name="FilteredOut">Well-formed records the filter dropped.</param>
    public sealed record Result(IReadOnlyList<Candidate> Kept, IReadOnlyList<DatasetProblem> Problems, int Records, int FilteredOut);

    public static Result Read(string indexFile, string displayName, string folder, int? classCount, RecordFilter filter)
    {
        var kept = new List<Candidate>();
        var problems = new List<DatasetProblem>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int records = 0, filtered = 0, number = 0;
        foreach (var line in File.ReadLines(indexFile))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var key = string.Create(CultureInfo.InvariantCulture, $"{displayName}:{number}");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                problems.Add(new DatasetProblem(key, $"not valid JSON ({e.Message})"));
                continue;
            }
            using (document)
            {
                var record = document.RootElement;
                if (Problem(record, folder, classCount) is { } problem)
                {
                    problems.Add(new DatasetProblem(key, problem));
                    continue;
                }
                var parsed = Parse(record, folder);
                if (seen.TryGetValue(parsed.Key, out var first))
                {
                    problems.Add(new DatasetProblem(key, string.Create(CultureInfo.InvariantCulture, $"'{parsed.Key}' is already listed on line {first}")));
                    continue;
                }
                seen[parsed.Key] = number;
                records++;
                if (!filter.Matches(record))
                {
                    filtered++;
                    continue;
                }
                kept.Add(parsed);
            }
        }
        return new Result(kept, problems, records, filtered);
    }

    // Only for records Problem accepted.
    private static Candidate Parse(JsonElement record, string folder)
    {
        var file = NormalizedFile(record);
        var caption = record.TryGetProperty("caption", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        int? label = record.TryGetProperty("class", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt32() : null;
        return new Candidate(file, FullPath(folder, file), caption, label);
    }

    /// <summary>What is wrong with the record, or null.</summary>
    private static string? Problem(JsonElement record, string folder, int? classCount)
    {
        if (record.ValueKind != JsonValueKind.Object) return "not a JSON object";
        if (!record.TryGetProperty("file", out var file) || file.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(file.GetString()))
            return "no 'file' string (the image path relative to the folder, required)";
        var normalized = NormalizedFile(record);
        if (Path.IsPathRooted(normalized) || normalized.StartsWith('/') || normalized.Split('/').Any(s => s == ".."))
            return $"'file' {normalized} must be a relative path inside the folder (no leading '/', no '..')";
        if (!FullPath(folder, normalized).StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return $"'file' {normalized} is not inside the folder";
        if (record.TryGetProperty("caption", out var caption) && caption.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            return $"'caption' must be a string, not {caption.GetRawText()}";
        if (record.TryGetProperty("class", out var cls) && cls.ValueKind != JsonValueKind.Null)
        {
            if (cls.ValueKind != JsonValueKind.Number || !cls.TryGetInt32(out var label) || label < 0)
                return $"'class' must be a non-negative integer, not {cls.GetRawText()}";
            if (classCount is { } count && label >= count)
                return string.Create(CultureInfo.InvariantCulture, $"'class' {label} is out of range 0..{count - 1} (the classes file names {count} classes)");
        }
        return null;
    }

    // '/'-separated, without empty and '.' segments, so one file has one key.
    private static string NormalizedFile(JsonElement record)
    {
        var raw = record.GetProperty("file").GetString()!.Trim().Replace('\\', '/');
        var segments = raw.Split('/').Where(s => s.Length > 0 && s != ".");
        return (raw.StartsWith('/') ? "/" : "") + string.Join('/', segments);
    }

    private static string FullPath(string folder, string file) => Path.GetFullPath(Path.Combine(folder, file));
}
