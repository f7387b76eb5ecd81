using PixArt.Abstractions.Plugins;
using PixArt.Abstractions.Text;

namespace MyTextEncoder;

/// <summary>Entry point of the plugin: registers the <c>my-text-encoder</c> text encoder.</summary>
public sealed class HashedTextEncoderPlugin : IPixArtPlugin
{
    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("my-text-encoder", new Version(0, 1, 0), [ComponentKind.TextEncoder], "a hashed bag-of-words text encoder");

    /// <inheritdoc />
    public void Register(PluginRegistrationContext context) =>
        context.AddComponent<ITextEncoderFactory, HashedTextEncoderFactory, HashedTextEncoderOptions>(ComponentKind.TextEncoder, "my-text-encoder",
            "hashed bag of words: each word's hash picks a row of a seeded embedding table");
}
