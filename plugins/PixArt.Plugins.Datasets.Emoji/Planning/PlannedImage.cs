using PixArt.Plugins.Datasets.Emoji.Output;
using PixArt.Plugins.Datasets.Emoji.Sources;

namespace PixArt.Plugins.Datasets.Emoji.Planning;

/// <summary>One image the dataset will hold: where it comes from and its record (image-derived fields still unset).</summary>
/// <param name="Style">The image set.</param>
/// <param name="SourceImage">File name in the package's image folder, e.g. <c>1f44b-1f3fd.png</c>.</param>
/// <param name="Record">The <c>captions.jsonl</c> record; <see cref="EmojiDatasetRecord.Coverage"/> and <see cref="EmojiDatasetRecord.Aesthetic"/> are filled in from the pixels.</param>
public sealed record PlannedImage(EmojiStyle Style, string SourceImage, EmojiDatasetRecord Record);
