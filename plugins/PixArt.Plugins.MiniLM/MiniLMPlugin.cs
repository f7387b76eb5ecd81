using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Text;

namespace PixArt.Plugins.MiniLM;

/// <summary>Entry point of the MiniLM plugin: the <c>minilm</c> text encoder (all-MiniLM-L6-v2 through ONNX Runtime).</summary>
public sealed class MiniLMPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("minilm", new Version(0, 1, 0), new[] { ComponentKind.TextEncoder },
        "Small pretrained BERT encoder (all-MiniLM-L6-v2, 384 wide) run by ONNX Runtime, with its WordPiece tokenizer");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ITextEncoderFactory, MiniLMTextEncoderFactory, MiniLMOptions>(ComponentKind.TextEncoder, "minilm",
            "all-MiniLM-L6-v2 token states (384 wide), embedded or from a Hugging Face ONNX folder");
}
