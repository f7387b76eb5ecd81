namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>What a caption is made of, straight from the metadata (cleaning happens in <see cref="EmojiCaptions"/>).</summary>
/// <param name="Name">Unicode name as in <c>emoji.json</c>, e.g. <c>GRINNING CAT FACE WITH SMILING EYES</c>.</param>
/// <param name="ShortNames">Slack-style short names, e.g. <c>smile_cat</c>.</param>
/// <param name="Category">Category, e.g. <c>Smileys &amp; Emotion</c>.</param>
/// <param name="Subcategory">Subcategory, e.g. <c>cat-face</c>.</param>
/// <param name="StylePhrase">The style's words, e.g. <c>twemoji style</c>.</param>
/// <param name="SkinToneWords">E.g. <c>medium dark skin tone</c>; null for the base emoji.</param>
public sealed record EmojiCaptionParts(
    string Name,
    IReadOnlyList<string> ShortNames,
    string Category,
    string Subcategory,
    string StylePhrase,
    string? SkinToneWords = null);
