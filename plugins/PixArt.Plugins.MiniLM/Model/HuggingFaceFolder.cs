using System.Text.Json;
using PixArt.Plugins.MiniLM.Tokenization;

namespace PixArt.Plugins.MiniLM.Model;

/// <summary>
/// A Hugging Face model folder (the sentence-transformers layout): <c>model.onnx</c> or <c>onnx/model.onnx</c>,
/// <c>vocab.txt</c>, and optionally <c>tokenizer_config.json</c> (lower-casing, accents, CJK) and <c>config.json</c>
/// (<c>max_position_embeddings</c>).
/// </summary>
internal static class HuggingFaceFolder
{
    private const string Allowed = "a Hugging Face model folder holding model.onnx (or onnx/model.onnx) and vocab.txt, or no Path for the embedded all-MiniLM-L6-v2";

    /// <summary>The files of <paramref name="folder"/>; <paramref name="key"/> (the <c>Path</c> option's config key) names every problem.</summary>
    public static ModelSource Source(string folder, string key)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{key}: folder '{folder}' does not exist; allowed: {Allowed}");
        var onnx = new[] { Path.Combine(folder, "model.onnx"), Path.Combine(folder, "onnx", "model.onnx") }.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{key}: '{folder}' has neither model.onnx nor onnx/model.onnx; allowed: {Allowed}", Path.Combine(folder, "model.onnx"));
        var vocabulary = Path.Combine(folder, "vocab.txt");
        if (!File.Exists(vocabulary))
            throw new FileNotFoundException($"{key}: '{folder}' has no vocab.txt (the WordPiece vocabulary); allowed: {Allowed}", vocabulary);
        var tokenizerConfig = Path.Combine(folder, "tokenizer_config.json");
        var settings = File.Exists(tokenizerConfig) ? Read(tokenizerConfig, key, TokenizerSettings.FromFile) : TokenizerSettings.Uncased;
        var config = Path.Combine(folder, "config.json");
        return new ModelSource
        {
            Description = folder,
            OnnxPath = onnx,
            OpenVocabulary = () => File.OpenRead(vocabulary),
            Tokenizer = settings,
            MaxPositions = File.Exists(config) ? Read(config, key, MaxPositions) : null,
            Dimensions = File.Exists(config) ? Read(config, key, BertDimensions.FromConfig) : null,
        };
    }

    private static int? MaxPositions(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        if (!doc.RootElement.TryGetProperty("max_position_embeddings", out var value)) return null;
        return value.TryGetInt32(out var n) && n > 0 ? n
            : throw new InvalidDataException($"{path}: max_position_embeddings must be a positive integer, not {value.GetRawText()}");
    }

    private static T Read<T>(string path, string key, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{key}: '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{key}: {e.Message}", e);
        }
    }
}
