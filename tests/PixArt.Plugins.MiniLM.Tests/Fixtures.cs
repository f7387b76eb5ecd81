using System.Text.Json;
using PixArt.Plugins.MiniLM.Model;

namespace PixArt.Plugins.MiniLM.Tests;

/// <summary>The fixture sentences with their Hugging Face ids, and Hugging Face style folders made from the embedded model.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Embedded = new(WriteEmbedded);

    public static string HfPath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "hf", name);

    /// <summary>The sentences of <c>sentences.jsonl</c> with the ids Tokenizers.js gave them (<c>[CLS] … [SEP]</c>, untruncated).</summary>
    public static IReadOnlyList<(string Text, long[] Ids)> HuggingFaceIds()
    {
        var texts = File.ReadAllLines(HfPath("sentences.jsonl")).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<string>(l)!).ToList();
        var ids = File.ReadAllLines(HfPath("expected_ids.txt")).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray()).ToList();
        Assert.Equal(texts.Count, ids.Count);
        return texts.Zip(ids).ToList();
    }

    /// <summary>
    /// A new folder holding the embedded model as a Hugging Face export would: <paramref name="onnxPath"/> (relative) and
    /// <c>vocab.txt</c>, linked to one extracted copy so the 90 MB graph is written once per test run.
    /// </summary>
    public static string ModelFolder(string onnxPath = "model.onnx")
    {
        var folder = TestSupport.TempFolder();
        var onnx = Path.Combine(folder, onnxPath);
        Directory.CreateDirectory(Path.GetDirectoryName(onnx)!);
        File.CreateSymbolicLink(onnx, Path.Combine(Embedded.Value, "model.onnx"));
        File.CreateSymbolicLink(Path.Combine(folder, "vocab.txt"), Path.Combine(Embedded.Value, "vocab.txt"));
        return folder;
    }

    private static string WriteEmbedded()
    {
        var folder = TestSupport.TempFolder();
        var assembly = EmbeddedModel.Load("test");
        foreach (var (resource, file) in new[] { (EmbeddedModel.ModelResource, "model.onnx"), (EmbeddedModel.VocabularyResource, "vocab.txt") })
        {
            using var source = assembly.GetManifestResourceStream(resource)!;
            using var target = File.Create(Path.Combine(folder, file));
            source.CopyTo(target);
        }
        return folder;
    }
}
