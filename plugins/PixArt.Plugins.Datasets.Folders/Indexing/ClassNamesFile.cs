using System.Text.Json;

namespace PixArt.Plugins.Datasets.Folders.Indexing;

/// <summary>
/// Reads class names: the emoji data set's <c>classes.json</c> (<c>{"classes":[{"index":0,"name":"face-smiling", ...}]}</c>,
/// indices 0…N−1 each once, in any order; without <c>index</c> the position counts) or a plain JSON array of names.
/// </summary>
internal static class ClassNamesFile
{
    public const string Allowed = "{\"classes\":[{\"index\":0,\"name\":\"...\"}, ...]} or [\"name\", ...]";

    /// <summary>The names by class index; throws <see cref="InvalidDataException"/> saying what is wrong (without the file).</summary>
    public static IReadOnlyList<string> Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array) return PlainNames(root);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("classes", out var classes) && classes.ValueKind == JsonValueKind.Array)
                return ClassObjects(classes);
            throw new InvalidDataException("expected an object with a 'classes' array or an array of names");
        }
    }

    private static IReadOnlyList<string> PlainNames(JsonElement array)
    {
        var names = new List<string>();
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
                throw new InvalidDataException($"entry {names.Count} is not a non-empty string");
            names.Add(item.GetString()!);
        }
        return names;
    }

    private static IReadOnlyList<string> ClassObjects(JsonElement classes)
    {
        var entries = classes.EnumerateArray().ToList();
        var names = new string?[entries.Count];
        for (var position = 0; position < entries.Count; position++)
        {
            var entry = entries[position];
            if (entry.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"classes[{position}] is not an object");
            if (!entry.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
                throw new InvalidDataException($"classes[{position}] has no 'name' string");
            var index = position;
            if (entry.TryGetProperty("index", out var given))
            {
                if (given.ValueKind != JsonValueKind.Number || !given.TryGetInt32(out index) || index < 0 || index >= entries.Count)
                    throw new InvalidDataException($"classes[{position}] index {given.GetRawText()} is not in 0..{entries.Count - 1}");
            }
            if (names[index] is not null) throw new InvalidDataException($"class index {index} appears twice");
            names[index] = name.GetString();
        }
        return names.Select(n => n!).ToList();
    }
}
