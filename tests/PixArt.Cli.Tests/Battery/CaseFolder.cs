using System.Text.Json;
using System.Text.Json.Nodes;

namespace PixArt.Cli.Tests.Battery;

/// <summary>
/// The temporary folder one battery case runs in: its files (a copy of the embedded model when the case needs one, crafted
/// checkpoints) and its output path. Placeholders in arguments and expected messages: <c>{root}</c>, <c>{model}</c>,
/// <c>{out}</c>.
/// </summary>
internal sealed class CaseFolder : IDisposable
{
    public CaseFolder()
    {
        Root = Directory.CreateTempSubdirectory("pixart-battery-").FullName;
    }

    public string Root { get; }

    public string Model => System.IO.Path.Combine(Root, "model");

    public string Out => System.IO.Path.Combine(Root, "out.png");

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>A copy of the embedded default model in <see cref="Model"/>.</summary>
    public CaseFolder WithModel()
    {
        Copy(EmbeddedDefaultModel.Shipped(EmbeddedDefaultModel.TinyRandomName), Model);
        return this;
    }

    /// <summary>Changes one field of a JSON file under the model copy (null removes it).</summary>
    public void EditJson(string relative, string field, JsonNode? value)
    {
        var path = System.IO.Path.Combine(Model, relative);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (value is null) json.Remove(field);
        else json[field] = value;
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public string Expand(string text) => text.Replace("{root}", Root).Replace("{model}", Model).Replace("{out}", Out);

    /// <summary>Every file and folder under the root with its size and time: what must be unchanged after a refused case.</summary>
    public SortedDictionary<string, string> Snapshot()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(entry);
            result[entry] = Directory.Exists(entry) ? "dir" : $"{info.Length} {info.LastWriteTimeUtc.Ticks}";
        }
        return result;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
    }

    public void Dispose()
    {
        try
        {
            foreach (var dir in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories)) File.SetAttributes(dir, FileAttributes.Normal);
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
