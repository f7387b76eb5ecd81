using System.Text.Json;
using PixArt.Plugins.Datasets.Emoji.Planning;

namespace PixArt.Plugins.Datasets.Emoji.Output;

/// <summary>Reads the files of a dataset folder back.</summary>
public static class EmojiDatasetFolder
{
    /// <summary>The records of <c>captions.jsonl</c>, in file order.</summary>
    /// <exception cref="InvalidDataException">The file is missing or a line is malformed (the message names the line).</exception>
    public static IReadOnlyList<EmojiDatasetRecord> ReadRecords(string directory)
    {
        var path = Path.Combine(directory, EmojiDatasetWriter.CaptionsFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found");
        var records = new List<EmojiDatasetRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0) throw new InvalidDataException($"{path}:{number}: empty line");
            records.Add(EmojiDatasetRecord.Parse(line, $"{path}:{number}"));
        }
        return records;
    }

    /// <summary>The classes of <c>classes.json</c>, by index.</summary>
    /// <exception cref="InvalidDataException">The file is missing or malformed, or indices are not 0…n−1 in order.</exception>
    public static IReadOnlyList<EmojiClass> ReadClasses(string directory)
    {
        var path = Path.Combine(directory, EmojiDatasetWriter.ClassesFile);
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: not found");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("classes", out var array) || array.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: expected an object with a 'classes' array");
            var classes = array.EnumerateArray().Select((c, i) =>
            {
                string Str(string key) => c.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                    : throw new InvalidDataException($"{path}: class {i} has no string '{key}'");
                var index = c.TryGetProperty("index", out var n) && n.TryGetInt32(out var k) ? k : -1;
                if (index != i) throw new InvalidDataException($"{path}: entry {i} has index {index}; indices must be 0, 1, 2, … in order");
                return new EmojiClass(index, Str("name"), Str("category"), Str("label"));
            }).ToList();
            if (root.TryGetProperty("num_classes", out var count) && (!count.TryGetInt32(out var declared) || declared != classes.Count))
                throw new InvalidDataException($"{path}: num_classes does not match the {classes.Count} classes listed");
            return classes;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }
    }
}
