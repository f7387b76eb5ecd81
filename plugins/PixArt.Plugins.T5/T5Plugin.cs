using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Text;

namespace PixArt.Plugins.T5;

/// <summary>Entry point of the T5 plugin: the <c>t5</c> text encoder (T5 v1.1 encoder + SentencePiece tokenizer).</summary>
public sealed class T5Plugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("t5", new Version(0, 1, 0), new[] { ComponentKind.TextEncoder },
        "T5 v1.1 encoder (Hugging Face T5EncoderModel weights) with its SentencePiece tokenizer and PixArt's caption cleaning");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ITextEncoderFactory, T5TextEncoderFactory, T5Options>(ComponentKind.TextEncoder, "t5",
            "T5 v1.1 text encoder from a Hugging Face text_encoder + tokenizer folder");
}
