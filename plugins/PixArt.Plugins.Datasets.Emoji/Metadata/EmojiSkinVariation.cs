using System.Text.Json.Serialization;

namespace PixArt.Plugins.Datasets.Emoji.Metadata;

/// <summary>One entry of an emoji's <c>skin_variations</c> in emoji-datasource's <c>emoji.json</c>.</summary>
public sealed class EmojiSkinVariation
{
    /// <summary>Code points of the variant, e.g. <c>1F44B-1F3FD</c>.</summary>
    [JsonPropertyName("unified")] public string Unified { get; set; } = "";

    /// <summary>Image file name, e.g. <c>1f44b-1f3fd.png</c>.</summary>
    [JsonPropertyName("image")] public string Image { get; set; } = "";

    /// <summary>Whether the Twemoji set has this image.</summary>
    [JsonPropertyName("has_img_twitter")] public bool HasImgTwitter { get; set; }

    /// <summary>Whether the Noto set has this image.</summary>
    [JsonPropertyName("has_img_google")] public bool HasImgGoogle { get; set; }

    /// <summary>Whether image set <paramref name="imageSet"/> (<c>twitter</c>, <c>google</c>) has this image.</summary>
    public bool HasImage(string imageSet) => EmojiRecord.Flag(imageSet, HasImgTwitter, HasImgGoogle);
}
