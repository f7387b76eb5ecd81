namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>One class of the dataset: an emoji subcategory.</summary>
/// <param name="Index">Class index (the <c>class</c> field of <c>captions.jsonl</c>).</param>
/// <param name="Name">Subcategory as in the metadata, e.g. <c>animal-mammal</c>.</param>
/// <param name="Category">Its category, e.g. <c>Animals &amp; Nature</c>.</param>
/// <param name="Label">Short words for sample-grid labels, e.g. <c>animal mammal</c>.</param>
public sealed record EmojiClass(int Index, string Name, string Category, string Label);
